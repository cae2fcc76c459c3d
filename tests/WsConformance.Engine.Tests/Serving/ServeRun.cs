using System.Net;
using WsConformance.Cases;
using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.Engine.Serving;
using WsConformance.Engine.Tests.BrokenServers;

namespace WsConformance.Engine.Tests.Serving;

/// <summary>
/// Serves catalog cases selected by Autobahn patterns (those that test clients) on a loopback fuzzing server
/// and lets a client under test run each of them through the fuzzing-server protocol.
/// </summary>
internal static class ServeRun
{
    public const string Agent = "test-client";

    /// <summary>Cases a driver runs at once: the fuzzing server serves concurrent cases, and this keeps the test short.</summary>
    private const int ClientConcurrency = 8;

    private static readonly Lazy<IReadOnlyList<CaseDefinition>> ClientCatalog = new(() =>
        [.. CatalogLoader.LoadDirectory(CatalogLoader.DefaultDirectory).Cases.Where(c => c.Testees.HasFlag(Testees.Clients))]);

    public static IReadOnlyList<CaseDefinition> Select(params string[] include)
    {
        var selected = CaseSelector.Select(ClientCatalog.Value, include, []);
        Assert.NotEmpty(selected);
        return selected;
    }

    /// <summary>A fuzzing server on an ephemeral loopback port serving <paramref name="cases"/>; dispose it to stop it.</summary>
    public static FuzzingServer Start(IReadOnlyList<CaseDefinition> cases, TimeSpan? idleTimeout = null, Func<CancellationToken, Task>? updateReports = null,
        Func<ServeOptions, ServeOptions>? configure = null) =>
        FuzzingServer.Start(new IPEndPoint(IPAddress.Loopback, 0), cases,
            (configure ?? (o => o))(new ServeOptions(CatalogRun.Options, idleTimeout, TimeSpan.FromSeconds(2))), updateReports ?? (_ => Task.CompletedTask));

    /// <summary>The URL of one case for the agent, as Autobahn's client drivers build it.</summary>
    public static Uri CaseUrl(FuzzingServer server, CaseDefinition definition) =>
        new(server.Url, $"runCase?casetuple={Uri.EscapeDataString(definition.Id)}&agent={Agent}");

    /// <summary>Runs every case with <paramref name="client"/> (a few at a time) and returns the server's results in catalog order.</summary>
    public static Task<IReadOnlyList<CaseResult>> RunAsync(Func<Uri, CancellationToken, Task> client, params string[] include) =>
        RunAsync(client, null, include);

    /// <param name="configure">Changes the server's options (HTTP/2, TLS).</param>
    public static async Task<IReadOnlyList<CaseResult>> RunAsync(Func<Uri, CancellationToken, Task> client, Func<ServeOptions, ServeOptions>? configure,
        params string[] include)
    {
        var cases = Select(include);
        await using var server = Start(cases, configure: configure);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = ClientConcurrency, CancellationToken = timeout.Token },
            async (definition, token) =>
            {
                await client(CaseUrl(server, definition), token);

                // The client may be done before the server has judged the case (that happens once TCP is gone).
                await server.Results.WaitForAsync(Agent, definition.Id, token);
            });
        var results = server.Results.Snapshot([.. cases.Select(c => c.Id)]);
        Assert.Equal(cases.Count, results.Count);
        Assert.All(results, r => Assert.Equal(Protocol.Role.Server, r.HarnessRole));
        return results;
    }
}
