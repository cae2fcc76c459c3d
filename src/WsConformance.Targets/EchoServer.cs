using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WsConformance.Targets;

/// <summary>
/// The reference echo target: Kestrel with ASP.NET Core's WebSocket middleware (System.Net.WebSockets'
/// ManagedWebSocket), echoing every message with its type on loopback. <c>wsconf run</c> starts it when no
/// target is given, and the tests use it as the correct server.
/// </summary>
public sealed class EchoServer : IAsyncDisposable
{
    private const int ChunkSize = 64 * 1024;

    private readonly WebApplication _app;

    private EchoServer(WebApplication app, Uri uri)
    {
        _app = app;
        Uri = uri;
    }

    /// <summary>ws://127.0.0.1:PORT/ (or [::1]).</summary>
    public Uri Uri { get; }

    /// <summary>Name for reports (Autobahn's agent).</summary>
    public static string Agent => $"Kestrel-EchoServer-{Environment.Version}";

    /// <summary>Starts on an ephemeral loopback port; with a certificate it serves wss://.</summary>
    /// <param name="compression">Accept permessage-deflate offers (RFC 7692) through ASP.NET Core's
    /// <see cref="WebSocketAcceptContext.DangerousEnableCompression"/>; off by default.</param>
    /// <param name="http2">Serve WebSockets over HTTP/2 (RFC 8441; Kestrel advertises SETTINGS_ENABLE_CONNECT_PROTOCOL), not HTTP/1.1 alone:
    /// without a certificate HTTP/2 alone, with prior knowledge (h2c), since a cleartext port cannot offer both; with one,
    /// HTTP/1.1 and HTTP/2, chosen by ALPN.</param>
    public static async Task<EchoServer> StartAsync(IPAddress? address = null, X509Certificate2? certificate = null, bool compression = false,
        bool http2 = false, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(address ?? IPAddress.Loopback, 0, listen =>
        {
            // Without http2, HTTP/1.1 alone, with TLS too (ALPN then never offers h2).
            listen.Protocols = !http2 ? HttpProtocols.Http1 : certificate is null ? HttpProtocols.Http2 : HttpProtocols.Http1AndHttp2;

            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        var accept = new WebSocketAcceptContext { DangerousEnableCompression = compression };
        // app.Run takes every method: over HTTP/2 the WebSocket request is a CONNECT (RFC 8441 §4), not a GET.
        app.Run(context => EchoAsync(context, accept));
        await app.StartAsync(cancellationToken);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new UriBuilder(bound) { Scheme = certificate is null ? "ws" : "wss", Path = "/" }.Uri;
        return new EchoServer(app, uri);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task EchoAsync(HttpContext context, WebSocketAcceptContext accept)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(accept);
        try
        {
            await EchoMessagesAsync(socket, context.RequestAborted);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The peer broke the protocol or vanished; ManagedWebSocket has already failed the connection.
        }
    }

    /// <summary>Echoes each fragment as it arrives, so large messages stream through without buffering.</summary>
    private static async Task EchoMessagesAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[ChunkSize];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                var status = socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure;
                await socket.CloseOutputAsync(status, null, cancellationToken);
                return;
            }

            await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, cancellationToken);
        }
    }
}
