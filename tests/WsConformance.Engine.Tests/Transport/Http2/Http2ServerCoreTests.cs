using System.Text;
using WsConformance.Engine.Transport.Http2;
using WsConformance.Protocol.Http2;
using WsConformance.Protocol.Http2.Hpack;

namespace WsConformance.Engine.Tests.Transport.Http2;

/// <summary>
/// The harness's server end of HTTP/2 (<c>serve --http2</c>) as a pure core, talking to the harness's pure client core:
/// bytes handed from one to the other, no sockets.
/// </summary>
public sealed class Http2ServerCoreTests
{
    private static readonly Uri WebSocketUri = new("ws://127.0.0.1:9001/runCase?case=1&agent=a");

    [Fact]
    public void The_preface_exchange_advertises_extended_CONNECT_and_a_request_arrives_whole()
    {
        var (client, server) = Connected(enableConnectProtocol: true);

        Assert.True(client.ServerEnablesConnectProtocol);
        Assert.True(server.PrefaceReceived);
        var id = client.OpenStream(ExtendedConnect.BuildRequest(WebSocketUri));
        server.Receive(client.TakeOutgoing());

        var request = Assert.IsType<RequestArrived>(Events(server).Single());
        Assert.Equal(id, request.StreamId);
        Assert.False(request.EndStream);
        Assert.Empty(ExtendedConnect.ValidateRequest(request.Fields));
        Assert.Contains(new HeaderField(":path", "/runCase?case=1&agent=a"), request.Fields);
    }

    [Fact]
    public void Without_the_setting_the_client_core_sees_no_extended_CONNECT()
    {
        var (client, _) = Connected(enableConnectProtocol: false);

        Assert.False(client.ServerEnablesConnectProtocol);
    }

    [Fact]
    public void The_answer_and_data_reach_the_client_and_the_clients_data_and_end_reach_the_server()
    {
        var (client, server) = Connected(enableConnectProtocol: true);
        var id = client.OpenStream(ExtendedConnect.BuildRequest(WebSocketUri));
        server.Receive(client.TakeOutgoing());
        Events(server);

        server.Respond(id, [new(":status", "200")], endStream: false);
        server.SendData(id, "hi"u8);
        client.Receive(server.TakeOutgoing());
        client.SendData(id, "ho"u8);
        client.EndStream(id);
        server.Receive(client.TakeOutgoing());

        Assert.Equal(["headers :status 200", "data hi"], ClientEvents(client));
        Assert.Equal(["data ho", "end"], Events(server).Select(e => e is ClientDataArrived d ? (d.Data.Length > 0 ? $"data {Encoding.ASCII.GetString(d.Data)}" : "end") : e.ToString()));
    }

    [Fact]
    public void Bytes_that_are_not_the_preface_end_the_connection_with_PROTOCOL_ERROR()
    {
        var server = new Http2ServerCore();
        server.TakeOutgoing();

        server.Receive("GET / HTTP/1.1\r\n\r\n"u8);

        Assert.NotNull(server.Failure);
        Assert.Equal(["GOAWAY PROTOCOL_ERROR"], Http2CoreDriver.Sent(server));
    }

    [Fact]
    public void After_a_graceful_GOAWAY_a_new_stream_is_refused_and_the_open_one_goes_on()
    {
        var (client, server) = Connected(enableConnectProtocol: true);
        var first = client.OpenStream(ExtendedConnect.BuildRequest(WebSocketUri));
        server.Receive(client.TakeOutgoing());
        Events(server);

        server.GoAwayGracefully();
        Assert.Equal(["GOAWAY NO_ERROR"], Http2CoreDriver.Sent(server));
        // The client has not read the GOAWAY yet: its next stream crosses it.
        var second = client.OpenStream(ExtendedConnect.BuildRequest(WebSocketUri));
        server.Receive(client.TakeOutgoing());

        Assert.Equal([$"RST_STREAM {second} REFUSED_STREAM"], Http2CoreDriver.Sent(server));
        Assert.False(server.CannotSend(first));
    }

    [Fact]
    public void Streams_served_in_full_whose_client_never_ends_its_side_are_closed_with_RST_STREAM_NO_ERROR_only_when_the_limit_is_reached()
    {
        var (client, server) = Connected(enableConnectProtocol: true);
        var lingering = new List<uint>();
        for (var i = 0; i < Http2ServerCore.MaxConcurrentStreams; i++)
        {
            lingering.Add(ServeAndRelease(client, server));
        }

        Assert.DoesNotContain(Http2CoreDriver.Sent(server), frame => frame.StartsWith("RST_STREAM", StringComparison.Ordinal));

        var next = client.OpenStream(ExtendedConnect.BuildRequest(WebSocketUri));
        server.Receive(client.TakeOutgoing());

        Assert.IsType<RequestArrived>(Assert.Single(Events(server)));
        Assert.Equal(lingering.Select(id => $"RST_STREAM {id} NO_ERROR"), Http2CoreDriver.Sent(server));
        Assert.False(server.CannotSend(next));
    }

    [Fact]
    public void Streams_still_being_served_are_never_reset_to_make_room_a_new_one_is_refused()
    {
        var (client, server) = Connected(enableConnectProtocol: true);
        for (var i = 0; i < Http2ServerCore.MaxConcurrentStreams; i++)
        {
            var id = client.OpenStream(ExtendedConnect.BuildRequest(WebSocketUri));
            server.Receive(client.TakeOutgoing());
            Events(server);
            server.Respond(id, [new(":status", "200")], endStream: false);
            server.EndStream(id);
        }

        server.TakeOutgoing();
        var refused = client.OpenStream(ExtendedConnect.BuildRequest(WebSocketUri));
        server.Receive(client.TakeOutgoing());

        Assert.Equal([$"RST_STREAM {refused} REFUSED_STREAM"], Http2CoreDriver.Sent(server));
    }

    [Fact]
    public void Frames_on_a_reset_stream_count_only_once_the_client_acknowledged_the_PING_behind_the_reset()
    {
        var (client, server) = Connected(enableConnectProtocol: true);
        var id = Serve(client, server);

        Assert.True(server.ResetFenced(id, Http2ErrorCode.Cancel));
        var resetAndPing = server.TakeOutgoing();
        client.Receive(resetAndPing);
        var acknowledgement = client.TakeOutgoing();

        server.Receive(Http2FrameEncoder.Encode(Http2Frames.Data(id, "on its way"u8)));
        Assert.Null(server.FrameAfterReset(id));
        server.Receive(acknowledgement);
        Assert.Equal([new ResetAcknowledged(id)], Events(server));
        server.Receive(Http2FrameEncoder.Encode(Http2Frames.WindowUpdate(id, 10)));
        Assert.Null(server.FrameAfterReset(id));
        server.Receive(Http2FrameEncoder.Encode(Http2Frames.Data(id, "after"u8, endStream: true), Http2Frames.RstStream(id, Http2ErrorCode.Cancel)));

        Assert.Equal("DATA (5 octets, END_STREAM)", server.FrameAfterReset(id));
        Assert.Null(server.Failure);
    }

    [Fact]
    public void A_RST_STREAM_answering_the_harnesss_reset_after_the_acknowledgement_is_recorded()
    {
        var (client, server) = Connected(enableConnectProtocol: true);
        var id = Serve(client, server);
        server.ResetFenced(id, Http2ErrorCode.Cancel);
        client.Receive(server.TakeOutgoing());
        server.Receive(client.TakeOutgoing());

        server.Receive(Http2FrameEncoder.Encode(Http2Frames.RstStream(id, Http2ErrorCode.Cancel)));

        Assert.Equal("RST_STREAM (4 octets, CANCEL)", server.FrameAfterReset(id));
    }

    [Fact]
    public void A_stream_the_client_reset_first_gets_no_reset_and_no_PING()
    {
        var (client, server) = Connected(enableConnectProtocol: true);
        var id = Serve(client, server);
        server.Receive(Http2FrameEncoder.Encode(Http2Frames.RstStream(id, Http2ErrorCode.Cancel)));
        Events(server);

        Assert.False(server.ResetFenced(id, Http2ErrorCode.Cancel));
        Assert.False(server.HasOutgoing);
    }

    private static uint Serve(Http2ClientCore client, Http2ServerCore server)
    {
        var id = client.OpenStream(ExtendedConnect.BuildRequest(WebSocketUri));
        server.Receive(client.TakeOutgoing());
        Assert.IsType<RequestArrived>(Assert.Single(Events(server)));
        server.Respond(id, [new(":status", "200")], endStream: false);
        client.Receive(server.TakeOutgoing());
        ClientEvents(client);
        return id;
    }

    private static uint ServeAndRelease(Http2ClientCore client, Http2ServerCore server)
    {
        var id = client.OpenStream(ExtendedConnect.BuildRequest(WebSocketUri));
        server.Receive(client.TakeOutgoing());
        Assert.IsType<RequestArrived>(Assert.Single(Events(server)));
        server.Respond(id, [new(":status", "200")], endStream: false);
        server.EndStream(id);
        server.Release(id);
        return id;
    }

    private static (Http2ClientCore Client, Http2ServerCore Server) Connected(bool enableConnectProtocol)
    {
        var client = new Http2ClientCore();
        var server = new Http2ServerCore(enableConnectProtocol);
        server.Receive(client.TakeOutgoing());
        client.Receive(server.TakeOutgoing());
        server.Receive(client.TakeOutgoing());
        Assert.Null(server.Failure);
        Assert.Null(client.Failure);
        Events(server);
        ClientEvents(client);
        return (client, server);
    }

    private static List<Http2ServerEvent> Events(Http2ServerCore server)
    {
        var events = new List<Http2ServerEvent>();
        while (server.TryTakeEvent(out var next))
        {
            events.Add(next!);
        }

        return events;
    }

    private static List<string> ClientEvents(Http2ClientCore client)
    {
        var events = new List<string>();
        while (client.TryTakeEvent(out var next))
        {
            switch (next)
            {
                case ServerHeadersArrived headers:
                    events.Add($"headers {string.Join(" ", headers.Fields.Select(f => $"{f.Name} {f.Value}"))}");
                    break;
                case ServerDataArrived data:
                    events.Add($"data {Encoding.ASCII.GetString(data.Data)}");
                    break;
            }
        }

        return events;
    }
}
