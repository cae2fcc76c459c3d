using System.Globalization;
using System.Text.Json;
using WsConformance.Targets;
using WsConformance.TestServers;

namespace WsConformance.Cli.Tests;

/// <summary>
/// Autobahn|Testsuite specs as input: what wstest writes for a spec (autobahn.md §4.2–4.6: the selection rules,
/// outdir/index.json with its five fields, per-case files under wstest's names) is what we write.
/// </summary>
public sealed class AutobahnSpecTests : IDisposable
{
    /// <summary>The per-case file's fields (autobahn.md §4.6).</summary>
    private static readonly string[] CaseFileFields =
    [
        "agent", "id", "case", "description", "expectation", "started", "duration", "behavior", "behaviorClose", "result", "resultClose",
        "expected", "expectedClose", "received", "isServer", "closedByMe", "failedByMe", "droppedByMe", "wasClean", "wasNotCleanReason",
        "wasServerConnectionDropTimeout", "wasOpenHandshakeTimeout", "wasCloseHandshakeTimeout", "localCloseCode", "localCloseReason",
        "remoteCloseCode", "remoteCloseReason", "httpRequest", "httpResponse", "createStats", "rxOctetStats", "txOctetStats",
        "rxFrameStats", "txFrameStats", "createWirelog", "wirelog", "reportTime", "reportCompressionRatio", "trafficStats",
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("wsconf-spec-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_fuzzingclient_spec_with_two_servers_writes_what_wstest_writes()
    {
        await using var kestrel = await EchoServer.StartAsync();
        await using var codec = CodecEchoServer.Start(EchoBehaviour.Correct);
        var outdir = Path.Combine(_folder, "reports", "servers");
        var spec = await WriteSpecAsync($$"""
            {
              "options": {"failByDrop": false},
              "outdir": "{{outdir}}",
              "servers": [
                {"agent": "Kestrel Echo/1.0", "url": "{{kestrel.Uri}}", "options": {"version": 18} },
                {"agent": "codec", "url": "{{codec.Uri}}", "origin": "http://example.com", "protocols": []}
              ],
              "cases": ["1.1.*", "2.*", "7.7.1"],
              "exclude-cases": ["2.1*"],
              "exclude-agent-cases": {"codec": ["1.1.*"], "Kestrel*": ["7.7.1"], "odec": ["2.2"]}
            }
            """);

        var result = await Wsconf.RunAsync("run", "--spec", spec);

        Assert.True(result.ExitCode == 0, result.StandardError);
        // wstest: "2.1*" is a prefix pattern (2.1, 2.10, 2.11 out); agent patterns match whole agents ("odec" excludes nothing).
        string[] echoCases = ["1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.1.5", "1.1.6", "1.1.7", "1.1.8"];
        string[] pingCases = ["2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "2.9"];
        var index = await ReadIndexAsync(outdir);
        Assert.Equal(["Kestrel Echo/1.0", "codec"], index.Keys);
        Assert.Equal([.. echoCases, .. pingCases], index["Kestrel Echo/1.0"].Keys);
        Assert.Equal([.. pingCases, "7.7.1"], index["codec"].Keys);
        var entry = index["Kestrel Echo/1.0"]["1.1.1"];
        Assert.Equal(["behavior", "behaviorClose", "duration", "remoteCloseCode", "reportfile"], entry.EnumerateObject().Select(p => p.Name));
        Assert.Equal("OK", entry.GetProperty("behavior").GetString());
        Assert.Equal(1000, entry.GetProperty("remoteCloseCode").GetInt32());
        Assert.Equal("kestrel_echo_1_0_case_1_1_1.json", entry.GetProperty("reportfile").GetString());
        Assert.Equal("codec_case_7_7_1.json", index["codec"]["7.7.1"].GetProperty("reportfile").GetString());
        Assert.False(Directory.Exists(Path.Combine(outdir, "autobahn")));
        foreach (var reportFile in index.Values.SelectMany(cases => cases.Values).Select(e => e.GetProperty("reportfile").GetString()!))
        {
            Assert.True(File.Exists(Path.Combine(outdir, reportFile)), reportFile);
        }

        using var caseFile = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outdir, "codec_case_7_7_1.json")));
        Assert.Equal(CaseFileFields.Order(StringComparer.Ordinal), caseFile.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(223, caseFile.RootElement.GetProperty("case").GetInt32());
        Assert.Contains("Origin: http://example.com", caseFile.RootElement.GetProperty("httpRequest").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Index_json_is_laid_out_as_wstest_lays_it_out()
    {
        await using var codec = CodecEchoServer.Start(EchoBehaviour.Correct);
        var outdir = Path.Combine(_folder, "out");
        var spec = await WriteSpecAsync($$"""{"outdir": "{{outdir}}", "servers": [{"agent": "a", "url": "{{codec.Uri}}"}], "cases": ["2.2"]}""");

        var result = await Wsconf.RunAsync("wstest", "-m", "fuzzingclient", "-s", spec);

        Assert.True(result.ExitCode == 0, result.StandardError);
        var text = await File.ReadAllTextAsync(Path.Combine(outdir, "index.json"));
        var duration = JsonDocument.Parse(text).RootElement.GetProperty("a").GetProperty("2.2").GetProperty("duration").GetInt64();
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $$"""
            {
               "a": {
                  "2.2": {
                     "behavior": "OK",
                     "behaviorClose": "OK",
                     "duration": {{duration}},
                     "remoteCloseCode": 1000,
                     "reportfile": "a_case_2_2.json"
                  }
               }
            }
            """).ReplaceLineEndings("\n"), text.ReplaceLineEndings("\n").TrimEnd());
    }

    [Fact]
    public async Task FAILED_cases_exit_0_under_the_wstest_spelling_as_with_wstest_and_1_under_run_spec()
    {
        await using var broken = CodecEchoServer.Start(BrokenServers.IgnoresReservedBits);
        var outdir = Path.Combine(_folder, "out");
        var spec = await WriteSpecAsync($$"""{"outdir": "{{outdir}}", "servers": [{"agent": "broken", "url": "{{broken.Uri}}"}], "cases": ["3.1"]}""");

        var wstest = await Wsconf.RunAsync("wstest", "-m", "fuzzingclient", "-s", spec);
        var run = await Wsconf.RunAsync("run", "--spec", spec);

        Assert.True(wstest.ExitCode == 0, wstest.StandardError);
        Assert.Contains($"wsconf: exit 0 despite FAILED cases, as wstest does; 'wsconf run --spec {spec}' exits 1 for them.", wstest.StandardError, StringComparison.Ordinal);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("FAILED", (await ReadIndexAsync(outdir))["broken"]["3.1"].GetProperty("behavior").GetString());
    }

    [Fact]
    public async Task Fields_not_honoured_are_named_in_warnings()
    {
        await using var codec = CodecEchoServer.Start(EchoBehaviour.Correct);
        var spec = await WriteSpecAsync($$"""
            {"outdir": "{{Path.Combine(_folder, "out")}}", "options": {"failByDrop": true, "closeHandshakeTimeout": 2},
             "servers": [{"url": "{{codec.Uri}}", "options": {"version": 17} }], "cases": ["2.2"], "enable-ssl": false}
            """);

        var result = await Wsconf.RunAsync("run", "--spec", spec);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains($"{spec}: options.failByDrop: not honoured", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"{spec}: options.closeHandshakeTimeout: not honoured", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"{spec}: servers[0].options.version: not honoured", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"{spec}: \"enable-ssl\": not an Autobahn spec field", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"servers\": [{\"url\": \"http://x/\"}]}", "servers[0].url: expected a ws:// or wss:// URL, got \"http://x/\"")]
    [InlineData("{\"servers\": []}", "servers: no server to test")]
    [InlineData("{\"servers\": [{\"url\": \"ws://127.0.0.1:1/\"}], \"cases\": \"1.*\"}", "cases: expected a list, got a string")]
    [InlineData("{\"servers\": [", ":1:14: not valid JSON")]
    public async Task A_spec_that_cannot_be_used_is_one_line_and_exit_2(string json, string message)
    {
        var spec = await WriteSpecAsync(json);

        var result = await Wsconf.RunAsync("run", "--spec", spec);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"wsconf: {spec}", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("{\"url\": \"wss://127.0.0.1:9001\"}", "url: wss:// (with key and cert) is not served by wsconf yet; listen on ws:// and put a TLS proxy in front")]
    [InlineData("{\"url\": \"ws://example.com:9001\"}", "url: the host must be an IP address or localhost, got \"example.com\"")]
    [InlineData("{\"cases\": [\"99.*\"]}", "cases: cases minus exclude-cases selects no case")]
    public async Task A_fuzzingserver_spec_that_cannot_be_served_is_one_line_and_exit_2(string json, string message)
    {
        var spec = await WriteSpecAsync(json);

        var result = await Wsconf.RunAsync("serve", $"--spec={spec}");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"wsconf: {spec}: {message}", result.StandardError.TrimEnd());
    }

    [Fact]
    public async Task Spec_and_the_options_it_replaces_are_refused_together()
    {
        var spec = await WriteSpecAsync("{\"servers\": [{\"url\": \"ws://127.0.0.1:1/\"}]}");

        var result = await Wsconf.RunAsync("run", "--spec", spec, "--cases", "1.*", "--target", "ws://127.0.0.1:2/");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("wsconf: --target, --cases cannot be combined with --spec", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fuzzingserver_spec_serves_its_cases_and_writes_autobahns_layout_to_outdir()
    {
        var port = ServeCommandTests.FreePort();
        var outdir = Path.Combine(_folder, "reports", "clients");
        var spec = await WriteSpecAsync($$"""
            {"url": "ws://127.0.0.1:{{port}}", "outdir": "{{outdir}}", "webport": 0, "options": {"failByDrop": false},
             "cases": ["1.1.*", "2.2"], "exclude-cases": ["1.1.2*", "1.1.3", "1.1.4", "1.1.5", "1.1.6", "1.1.7", "1.1.8"]}
            """);
        using var serve = Wsconf.Start("wstest", "-m", "fuzzingserver", "-s", spec);
        var server = await ServeCommandTests.WaitForServerAsync(port);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // wstest numbers the selected cases: 1 = 1.1.1, 2 = 2.2.
        await CodecEchoClient.RunAsync(new Uri(server, "runCase?case=1&agent=client"), EchoBehaviour.Correct, timeout.Token);
        await CodecEchoClient.RunAsync(new Uri(server, "runCase?case=2&agent=client"), EchoBehaviour.Correct, timeout.Token);
        await ServeCommandTests.OpenAndCloseAsync(new Uri(server, "updateReports?agent=client&shutdownOnComplete=true"));
        var outcome = await serve.WaitAsync();

        Assert.True(outcome.ExitCode == 0, outcome.StandardError);
        var index = await ReadIndexAsync(outdir);
        Assert.Equal(["1.1.1", "2.2"], index["client"].Keys);
        Assert.True(File.Exists(Path.Combine(outdir, "client_case_2_2.json")));
    }

    /// <summary>
    /// Every fuzzingserver.json field wstest reads (autobahn.md §4.3) that serve does not do is named in a warning
    /// on start, and serve still listens where url says: no field is silently dropped.
    /// </summary>
    [Fact]
    public async Task A_fuzzingserver_spec_names_every_field_serve_does_not_honour()
    {
        var port = ServeCommandTests.FreePort();
        var spec = await WriteSpecAsync($$"""
            {"url": "ws://127.0.0.1:{{port}}", "outdir": "{{Path.Combine(_folder, "clients")}}", "webport": 8080,
             "options": {"failByDrop": true, "openHandshakeTimeout": 3}, "protocols": ["chat"],
             "exclude-agent-cases": {"my-client": ["2.*"]}, "key": "server.key", "cert": "server.crt", "cases": ["2.2"], "agent": "x"}
            """);
        using var serve = Wsconf.Start("serve", "--spec", spec);
        var server = await ServeCommandTests.WaitForServerAsync(port);

        await ServeCommandTests.OpenAndCloseAsync(new Uri(server, "stopServer"));
        var outcome = await serve.WaitAsync();

        string[] unhonoured = ["webport", "options.failByDrop", "options.openHandshakeTimeout", "protocols", "exclude-agent-cases", "key", "cert", "\"agent\""];
        var warnings = outcome.StandardError.Split('\n').Where(l => l.StartsWith($"wsconf: warning: {spec}: ", StringComparison.Ordinal)).ToList();
        Assert.All(unhonoured, field => Assert.Contains(warnings, w => w.StartsWith($"wsconf: warning: {spec}: {field}: ", StringComparison.Ordinal)));
        Assert.Equal(unhonoured.Length, warnings.Count);
    }

    private async Task<string> WriteSpecAsync(string json)
    {
        var path = Path.Combine(_folder, "spec.json");
        await File.WriteAllTextAsync(path, json);
        return path;
    }

    /// <summary>index.json as agent → case id → entry, in file order.</summary>
    private static async Task<Dictionary<string, Dictionary<string, JsonElement>>> ReadIndexAsync(string outdir)
    {
        using var index = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outdir, "index.json")));
        return index.RootElement.EnumerateObject().ToDictionary(
            agent => agent.Name,
            agent => agent.Value.EnumerateObject().ToDictionary(c => c.Name, c => c.Value.Clone()));
    }
}
