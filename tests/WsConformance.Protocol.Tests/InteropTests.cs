using System.Net.WebSockets;
using System.Text;
using static WsConformance.Protocol.Tests.Decoding;

namespace WsConformance.Protocol.Tests;

/// <summary>
/// Our codec against System.Net.WebSockets (ManagedWebSocket): what we encode it reads, and what it writes
/// we decode, in both roles.
/// </summary>
public class InteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static uint _nextKey = 0x0badf00d;

    [Theory]
    [InlineData(true)]  // our masked client frames read by a server-side WebSocket
    [InlineData(false)] // our unmasked server frames read by a client-side WebSocket
    public async Task Our_frames_are_read_by_system_net_websockets(bool weAreClient)
    {
        uint? key = weAreClient ? 0x11223344 : null;
        Func<uint>? keys = weAreClient ? () => _nextKey++ : null;
        byte[] text = Encoding.UTF8.GetBytes("κόσμε, hello");
        byte[] binary = FrameVectors.Pattern(70_000);
        byte[] fragmented = Encoding.UTF8.GetBytes(new string('x', 300) + "€");
        byte[] wire =
        [
            .. Frames(Opcodes.Text, text, 0, keys),
            .. FrameEncoder.Ping("ping!"u8, key),
            .. Frames(Opcodes.Binary, binary, 0, keys),
            .. FrameEncoder.Pong("unsolicited"u8, key),
            .. Frames(Opcodes.Text, fragmented, 100, keys), // 4 frames; "€" is split between the last two
            .. FrameEncoder.Close(CloseCodes.GoingAway, "bye ✓", key),
        ];
        var stream = new DuplexStream(wire);
        using WebSocket socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = weAreClient, KeepAliveInterval = TimeSpan.Zero });
        using var cancel = new CancellationTokenSource(Timeout);

        await AssertReceives(socket, WebSocketMessageType.Text, text, cancel.Token);
        await AssertReceives(socket, WebSocketMessageType.Binary, binary, cancel.Token);
        await AssertReceives(socket, WebSocketMessageType.Text, fragmented, cancel.Token);
        await AssertReceives(socket, WebSocketMessageType.Close, [], cancel.Token);
        Assert.Equal((WebSocketCloseStatus?)WebSocketCloseStatus.EndpointUnavailable, socket.CloseStatus);
        Assert.Equal("bye ✓", socket.CloseStatusDescription);
        await socket.CloseOutputAsync(socket.CloseStatus!.Value, socket.CloseStatusDescription, cancel.Token);

        // Its replies (the automatic pong for our ping, then the close it echoes) decode as well-formed frames of the other role.
        Role replier = weAreClient ? Role.Server : Role.Client;
        DecodeResult replies = DecodeAll(stream.Written, validator: new FrameValidator(new ValidationOptions(replier)));
        Assert.Empty(replies.Violations);
        Assert.Equal([Opcodes.Pong, Opcodes.Close], replies.Frames.Select(f => f.Header.Opcode));
        Assert.Equal("ping!"u8.ToArray(), replies.Frames[0].Payload);
        Assert.Equal((ushort)CloseCodes.GoingAway, CloseBody.Parse(replies.Frames[1].Payload).Code);
    }

    [Theory]
    [InlineData(false)] // a client-side WebSocket writes masked frames
    [InlineData(true)]  // a server-side WebSocket writes unmasked frames
    public async Task Frames_written_by_system_net_websockets_are_read_by_our_decoder(bool theyAreServer)
    {
        byte[] text = Encoding.UTF8.GetBytes("κόσμε ✓");
        byte[] binary = FrameVectors.Pattern(66_000);
        var stream = new DuplexStream([]);
        using (WebSocket socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = theyAreServer, KeepAliveInterval = TimeSpan.Zero }))
        {
            using var cancel = new CancellationTokenSource(Timeout);
            await socket.SendAsync(text, WebSocketMessageType.Text, endOfMessage: true, cancel.Token);
            await socket.SendAsync(binary, WebSocketMessageType.Binary, endOfMessage: true, cancel.Token);
            await socket.SendAsync(text.AsMemory(0, 3), WebSocketMessageType.Text, endOfMessage: false, cancel.Token); // splits "ό"
            await socket.SendAsync(text.AsMemory(3), WebSocketMessageType.Text, endOfMessage: true, cancel.Token);
            await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "policy ✓", cancel.Token);
        }

        Role sender = theyAreServer ? Role.Server : Role.Client;
        DecodeResult result = DecodeAll(stream.Written, chunkSize: 7, new FrameValidator(new ValidationOptions(sender)));

        Assert.Empty(result.Violations);
        Assert.Equal(
            [(true, Opcodes.Text), (true, Opcodes.Binary), (false, Opcodes.Text), (true, Opcodes.Continuation), (true, Opcodes.Close)],
            result.Frames.Select(f => (f.Header.Fin, f.Header.Opcode)));
        Assert.All(result.Frames, f => Assert.Equal(!theyAreServer, f.Header.Masked));
        Assert.Equal(text, result.Frames[0].Payload);
        Assert.Equal(binary, result.Frames[1].Payload);
        Assert.Equal(text, result.Frames[2].Payload.Concat(result.Frames[3].Payload));
        CloseBodyInfo close = CloseBody.Parse(result.Frames[4].Payload);
        Assert.Equal((ushort)CloseCodes.PolicyViolation, close.Code);
        Assert.Equal("policy ✓", Encoding.UTF8.GetString(close.Reason.Span));
    }

    private static byte[] Frames(byte opcode, byte[] message, int fragmentSize, Func<uint>? keys) =>
        [.. FrameEncoder.Fragment(opcode, message, fragmentSize, keys).SelectMany(f => FrameEncoder.Encode(f))];

    private static async Task AssertReceives(WebSocket socket, WebSocketMessageType type, byte[] payload, CancellationToken cancel)
    {
        (WebSocketMessageType actualType, byte[] actualPayload) = await ReceiveMessage(socket, cancel);
        Assert.Equal(type, actualType);
        Assert.Equal(payload, actualPayload);
    }

    private static async Task<(WebSocketMessageType Type, byte[] Payload)> ReceiveMessage(WebSocket socket, CancellationToken cancel)
    {
        var message = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            WebSocketReceiveResult result = await socket.ReceiveAsync(buffer, cancel);
            message.AddRange(buffer.AsSpan(0, result.Count));
            if (result.EndOfMessage)
            {
                return (result.MessageType, [.. message]);
            }
        }
    }

    /// <summary>Reads come from a fixed byte array (then end of stream); writes are collected.</summary>
    private sealed class DuplexStream(byte[] input) : Stream
    {
        private readonly MemoryStream _input = new(input, writable: false);
        private readonly MemoryStream _output = new();

        public byte[] Written => _output.ToArray();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _input.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(_input.Read(buffer.Span));

        public override void Write(byte[] buffer, int offset, int count) => _output.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _output.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _input.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
