using System.Buffers;
using System.Net.WebSockets;

namespace WsConformance.Engine.Tests.Serving;

/// <summary>
/// .NET's own ClientWebSocket as a client under test: the echo loop of every Autobahn client driver (each
/// message sent back with its type, the server's Close answered with its code), and nothing else.
/// </summary>
internal static class ClientWebSocketEcho
{
    public static Task RunAsync(Uri url, CancellationToken cancellationToken) => RunAsync(url, null, cancellationToken);

    /// <summary>
    /// The same over HTTP/2 (RFC 8441): version 2.0 exactly, so ws:// goes h2c with prior knowledge and wss:// needs ALPN h2;
    /// a handler of its own per connection, so each case has a connection of its own as with HTTP/1.1.
    /// </summary>
    /// <param name="policy">RequestVersionOrLower lets it fall back to HTTP/1.1 where extended CONNECT is not offered.</param>
    public static async Task RunOverHttp2Async(Uri url, System.Security.Cryptography.X509Certificates.X509Certificate2? trustedRoot,
        CancellationToken cancellationToken, HttpVersionPolicy policy = HttpVersionPolicy.RequestVersionExact)
    {
        using var handler = new SocketsHttpHandler();
        if (trustedRoot is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && TrustedBy(new System.Security.Cryptography.X509Certificates.X509Certificate2(certificate), trustedRoot);
        }

        using var invoker = new HttpMessageInvoker(handler);
        await RunAsync(url, invoker, cancellationToken, policy);
    }

    private static bool TrustedBy(System.Security.Cryptography.X509Certificates.X509Certificate2 leaf, System.Security.Cryptography.X509Certificates.X509Certificate2 root)
    {
        using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
        chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }

    /// <summary>Over HTTP/2 when <paramref name="invoker"/> is given (its connections may be shared between calls, as a browser shares them).</summary>
    public static async Task RunAsync(Uri url, HttpMessageInvoker? invoker, CancellationToken cancellationToken,
        HttpVersionPolicy policy = HttpVersionPolicy.RequestVersionExact)
    {
        using var client = new ClientWebSocket();
        if (invoker is not null)
        {
            client.Options.HttpVersion = System.Net.HttpVersion.Version20;
            client.Options.HttpVersionPolicy = policy;
        }

        try
        {
            await (invoker is null ? client.ConnectAsync(url, cancellationToken) : client.ConnectAsync(url, invoker, cancellationToken));
            await EchoAsync(client, cancellationToken);
        }
        catch (WebSocketException)
        {
            // Cases break the protocol on purpose: ClientWebSocket failing the connection is the expected outcome.
        }
    }

    private static async Task EchoAsync(ClientWebSocket client, CancellationToken cancellationToken)
    {
        var message = new ArrayBufferWriter<byte>();
        while (true)
        {
            var received = await client.ReceiveAsync(message.GetMemory(64 * 1024), cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await client.CloseOutputAsync(client.CloseStatus ?? WebSocketCloseStatus.Empty, null, cancellationToken);
                return;
            }

            message.Advance(received.Count);
            if (received.EndOfMessage)
            {
                await client.SendAsync(message.WrittenMemory, received.MessageType, endOfMessage: true, cancellationToken);
                message.ResetWrittenCount();
            }
        }
    }
}
