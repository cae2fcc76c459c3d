using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace WsConformance.Cli.Tests;

/// <summary><c>wsconf serve --http2</c> (RFC 8441) from the real executable, and its TLS options.</summary>
public sealed class ServeHttp2CommandTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly string _folder = Directory.CreateTempSubdirectory("wsconf-serve-h2-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task With_tls_a_ClientWebSocket_trusting_the_generated_CA_runs_a_case_over_HTTP_2_and_the_report_names_the_transport()
    {
        var port = ServeCommandTests.FreePort();
        using var serve = Wsconf.Start("serve", "--http2", "--tls", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--cases", "1.1.1", "--out", _folder);
        var ca = Path.Combine(_folder, "tls", "wsconf-ca.pem");
        var server = new Uri($"wss://127.0.0.1:{port}/");
        using var timeout = new CancellationTokenSource(Bound);
        while (!File.Exists(ca) || !await AnswersAsync(server, ca, timeout.Token))
        {
            await Task.Delay(100, timeout.Token);
        }

        await EchoAsync(new Uri(server, "runCase?case=1&agent=h2-client"), ca, timeout.Token);
        await EchoAsync(new Uri(server, "updateReports?agent=h2-client&shutdownOnComplete=true"), ca, timeout.Token);
        var outcome = await serve.WaitAsync();

        Assert.True(outcome.ExitCode == 0, outcome.StandardError);
        Assert.Contains($"trust {ca}", outcome.StandardError, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_folder, "report.json")));
        var target = report.RootElement.GetProperty("targets")[0];
        Assert.Equal("h2-client", target.GetProperty("agent").GetString());
        Assert.Equal("HTTP/2 (TLS, ALPN h2)", target.GetProperty("transport").GetString());
    }

    [Theory]
    [InlineData("--cert needs --key (the PEM private key of the certificate).", "--cert", "server.pem")]
    [InlineData("--key needs --cert (the PEM certificate it belongs to).", "--key", "server-key.pem")]
    [InlineData("--tls generates a certificate; --cert/--key give one: use one or the other.", "--tls", "--cert", "server.pem", "--key", "server-key.pem")]
    public async Task Tls_options_that_do_not_fit_are_one_line_and_exit_2(string message, params string[] arguments)
    {
        var result = await Wsconf.RunAsync(["serve", "--http2", "--port", "0", "--out", _folder, .. arguments]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"wsconf: {message}", result.StandardError.TrimEnd());
    }

    [Fact]
    public async Task A_missing_certificate_file_is_one_line_and_exit_2()
    {
        var missing = Path.Combine(_folder, "missing.pem");

        var result = await Wsconf.RunAsync("serve", "--http2", "--port", "0", "--out", _folder, "--cert", missing, "--key", missing);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"wsconf: --cert: no such file '{missing}'.", result.StandardError.TrimEnd());
    }

    [Fact]
    public async Task A_file_that_is_not_a_PEM_certificate_is_one_line_and_exit_2()
    {
        var garbage = Path.Combine(_folder, "garbage.pem");
        await File.WriteAllTextAsync(garbage, "not a certificate");

        var result = await Wsconf.RunAsync("serve", "--http2", "--port", "0", "--out", _folder, "--cert", garbage, "--key", garbage);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StandardError.TrimEnd().Split('\n'));
        Assert.StartsWith($"wsconf: --cert/--key: cannot use '{garbage}' with '{garbage}' as a PEM certificate and its private key: ", line, StringComparison.Ordinal);
    }

    private static async Task<bool> AnswersAsync(Uri server, string ca, CancellationToken cancellationToken)
    {
        try
        {
            await EchoAsync(new Uri(server, "getCaseCount"), ca, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or IOException)
        {
            return false;
        }
    }

    /// <summary>ClientWebSocket over HTTP/2 only (RFC 8441), trusting <paramref name="ca"/>: echoes every message until the server's Close.</summary>
    private static async Task EchoAsync(Uri url, string ca, CancellationToken cancellationToken)
    {
        using var root = X509CertificateLoader.LoadCertificateFromFile(ca);
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(root);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return certificate is not null && chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
        };
        using var invoker = new HttpMessageInvoker(handler);
        using var client = new ClientWebSocket();
        client.Options.HttpVersion = HttpVersion.Version20;
        client.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        await client.ConnectAsync(url, invoker, cancellationToken);
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
