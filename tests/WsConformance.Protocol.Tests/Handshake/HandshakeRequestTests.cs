using System.Text;
using WsConformance.Protocol.Handshake;

namespace WsConformance.Protocol.Tests.Handshake;

public class HandshakeRequestTests
{
    private const string Key = "dGhlIHNhbXBsZSBub25jZQ==";
    private static readonly string UserAgent = HandshakeRequest.DefaultUserAgent;

    private static HandshakeRequest Default(string uri = "ws://example.com/chat") => HandshakeRequest.CreateDefault(new Uri(uri), Key);

    private static string DefaultHeaders(string host) =>
        $"Host: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {Key}\r\nSec-WebSocket-Version: 13\r\n";

    [Fact]
    public void Default_user_agent_names_the_harness_and_its_version()
    {
        Assert.Matches(@"^WsConformance/\d+\.\d+\.\d+$", UserAgent);
    }

    [Fact]
    public void Default_request_has_the_exact_bytes()
    {
        var expected = $"GET /chat HTTP/1.1\r\n{DefaultHeaders("example.com")}User-Agent: {UserAgent}\r\n\r\n";

        Assert.Equal(Encoding.ASCII.GetBytes(expected), Default().ToBytes());
    }

    [Fact]
    public void Protocols_extensions_and_origin_come_before_the_user_agent()
    {
        var request = HandshakeRequest.CreateDefault(new Uri("ws://example.com/"), Key, ["chat", "superchat"],
            ["permessage-deflate; client_max_window_bits", "x-test"], "http://example.com");

        var expected = $"GET / HTTP/1.1\r\n{DefaultHeaders("example.com")}Sec-WebSocket-Protocol: chat, superchat\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits, x-test\r\nOrigin: http://example.com\r\n"
            + $"User-Agent: {UserAgent}\r\n\r\n";
        Assert.Equal(expected, request.ToText());
        Assert.Equal(["chat", "superchat"], request.OfferedProtocols);
        Assert.Equal(["permessage-deflate", "x-test"], request.OfferedExtensions);
    }

    [Fact]
    public void Empty_protocol_and_extension_lists_add_no_header()
    {
        var request = HandshakeRequest.CreateDefault(new Uri("ws://example.com/"), Key, [], []);

        Assert.DoesNotContain("Sec-WebSocket-Protocol", request.ToText(), StringComparison.Ordinal);
        Assert.DoesNotContain("Sec-WebSocket-Extensions", request.ToText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ws://example.com/", "/", "example.com")]
    [InlineData("ws://example.com", "/", "example.com")]
    [InlineData("ws://example.com:80/a", "/a", "example.com")]
    [InlineData("ws://example.com:9001/a/b?x=1&y=2", "/a/b?x=1&y=2", "example.com:9001")]
    [InlineData("wss://example.com/", "/", "example.com")]
    [InlineData("wss://example.com:443/", "/", "example.com")]
    [InlineData("wss://example.com:80/", "/", "example.com:80")]
    [InlineData("ws://127.0.0.1:9001/", "/", "127.0.0.1:9001")]
    [InlineData("ws://[::1]:9001/", "/", "[::1]:9001")]
    [InlineData("ws://[::1]/", "/", "[::1]")]
    [InlineData("ws://[2001:db8::7]:8080/p?q", "/p?q", "[2001:db8::7]:8080")]
    [InlineData("ws://example.com/chat#fragment", "/chat", "example.com")]
    public void Target_and_host_follow_the_uri(string uri, string target, string host)
    {
        var request = Default(uri);

        Assert.Equal(target, request.Target);
        Assert.StartsWith($"GET {target} HTTP/1.1\r\nHost: {host}\r\n", request.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Request_line_parts_can_be_overridden()
    {
        var request = Default();
        request.Method = "POST";
        request.Target = "*";
        request.HttpVersion = "HTTP/1.0";

        Assert.StartsWith("POST * HTTP/1.0\r\n", request.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Set_replaces_in_place_matching_case_insensitively_with_the_new_spelling()
    {
        var request = Default();
        request.Set("UPGRADE", "h2c");

        Assert.StartsWith("GET /chat HTTP/1.1\r\nHost: example.com\r\nUPGRADE: h2c\r\nConnection: Upgrade\r\n", request.ToText(), StringComparison.Ordinal);
        Assert.DoesNotContain("Upgrade: websocket", request.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Set_drops_later_duplicates_and_appends_when_absent()
    {
        var request = new HandshakeRequest("/", Key);
        request.Add("X-A", "1");
        request.Add("x-a", "2");
        request.Set("X-a", "3");
        request.Set("X-New", "4");

        Assert.Equal("GET / HTTP/1.1\r\nX-a: 3\r\nX-New: 4\r\n\r\n", request.ToText());
    }

    [Fact]
    public void Remove_drops_every_header_of_that_name_raw_lines_included()
    {
        var request = Default();
        request.Add("connection", "keep-alive");
        request.AddRawLine("CONNECTION:  close");
        request.Remove("Connection");

        Assert.DoesNotContain("onnection", request.ToText(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(5, request.Headers.Count);
    }

    [Fact]
    public void Add_appends_with_odd_casing_and_keeps_duplicates()
    {
        var request = new HandshakeRequest("/", Key);
        request.Add("sec-websocket-VERSION", "13");
        request.Add("sec-websocket-VERSION", "8");

        Assert.Equal("GET / HTTP/1.1\r\nsec-websocket-VERSION: 13\r\nsec-websocket-VERSION: 8\r\n\r\n", request.ToText());
    }

    [Fact]
    public void Raw_lines_are_written_verbatim_even_when_malformed()
    {
        var request = new HandshakeRequest("/", Key);
        request.AddRawLine("x-odd:  value ");
        request.AddRawLine("no colon here");
        request.AddRawLine(" folded continuation");
        request.AddRawLine("X-Bytes: \u00ff\u0001");

        Assert.Equal(Encoding.Latin1.GetBytes("GET / HTTP/1.1\r\nx-odd:  value \r\nno colon here\r\n folded continuation\r\nX-Bytes: \u00ff\u0001\r\n\r\n"),
            request.ToBytes());
        Assert.Equal(0xFF, request.ToBytes()[^6]);
        Assert.True(request.Headers.IsRawLine(0));
        Assert.Equal(new KeyValuePair<string, string>("x-odd", "value"), request.Headers[0]);
        Assert.Equal(new KeyValuePair<string, string>("no colon here", ""), request.Headers[1]);
    }

    [Fact]
    public void Raw_protocol_lines_count_as_offered()
    {
        var request = new HandshakeRequest("/", Key);
        request.AddRawLine("sec-websocket-protocol:chat ,  v2");
        request.Add("Sec-WebSocket-Protocol", "v3");

        Assert.Equal(["chat", "v2", "v3"], request.OfferedProtocols);
    }

    [Fact]
    public void Key_follows_the_header_and_falls_back_to_the_created_key()
    {
        var request = Default();
        Assert.Equal(Key, request.Key);

        request.Set("Sec-WebSocket-Key", "AQIDBAUGBwgJCgsMDQ4PEA==");
        Assert.Equal("AQIDBAUGBwgJCgsMDQ4PEA==", request.Key);

        request.Remove("sec-websocket-key");
        Assert.Equal(Key, request.Key);
        Assert.DoesNotContain("Sec-WebSocket-Key", request.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_key_a_fresh_one_is_generated()
    {
        var request = HandshakeRequest.CreateDefault(new Uri("ws://example.com/"));

        Assert.Equal(16, Convert.FromBase64String(request.Key).Length);
        Assert.Contains($"Sec-WebSocket-Key: {request.Key}\r\n", request.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Headers_list_edits_show_in_the_output()
    {
        var request = new HandshakeRequest("/", Key);
        request.Headers.Add(new KeyValuePair<string, string>("A", "1"));
        request.Headers.Insert(0, new KeyValuePair<string, string>("B", "2"));
        request.Headers[1] = new KeyValuePair<string, string>("C", "3");

        Assert.Equal("GET / HTTP/1.1\r\nB: 2\r\nC: 3\r\n\r\n", request.ToText());
        Assert.True(request.Headers.Remove(new KeyValuePair<string, string>("B", "2")));
        Assert.Equal("GET / HTTP/1.1\r\nC: 3\r\n\r\n", request.ToText());
    }

    [Fact]
    public void Relative_uri_is_a_programmer_error()
    {
        Assert.Throws<ArgumentException>(() => HandshakeRequest.CreateDefault(new Uri("/chat", UriKind.Relative)));
    }
}
