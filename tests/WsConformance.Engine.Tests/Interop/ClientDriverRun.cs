using System.Net;
using WsConformance.Cases;
using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.Engine.Serving;
using Xunit.Abstractions;

namespace WsConformance.Engine.Tests.Interop;

/// <summary>A fuzzing server on loopback serving catalog cases to a real client's Autobahn driver script, run to its end.</summary>
internal static class ClientDriverRun
{
    /// <summary>
    /// Serves the clients' cases that <paramref name="select"/> keeps and lets the driver run them all; every case must have a
    /// result. The drivers speak HTTP/1.1 only, so the cases that answer an RFC 8441 extended CONNECT are left out.
    /// </summary>
    public static async Task<IReadOnlyList<CaseResult>> ServeAsync(Func<Uri, int, Task<string>> driver, Func<CaseDefinition, bool> select, ITestOutputHelper output)
    {
        var cases = CatalogLoader.LoadDirectory(CatalogLoader.DefaultDirectory).Cases
            .Where(c => c.Testees.HasFlag(Testees.Clients) && c.Transport != CaseTransport.Http2 && select(c))
            .ToList();
        var updates = 0;
        await using var server = FuzzingServer.Start(new IPEndPoint(IPAddress.Loopback, 0), cases,
            new ServeOptions(new RunOptions(), IdleTimeout: null, ServeOptions.DefaultRequestTimeout), _ =>
            {
                Interlocked.Increment(ref updates);
                return Task.CompletedTask;
            });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var stdout = await driver(server.Url, cases.Count);

        output.WriteLine($"{cases.Count} cases in {clock.Elapsed.TotalSeconds:0.0} s; driver said: {stdout.Trim()}");
        Assert.Contains($"DONE {cases.Count}", stdout, StringComparison.Ordinal);
        Assert.Equal(1, updates);
        var results = server.Results.Snapshot([.. cases.Select(c => c.Id)]);
        Assert.Equal(cases.Count, results.Count);
        return results;
    }

    public static bool IsCompressionCase(CaseDefinition definition) =>
        definition.AutobahnId is { } id && (id.StartsWith("12.", StringComparison.Ordinal) || id.StartsWith("13.", StringComparison.Ordinal));
}
