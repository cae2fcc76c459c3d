using System.Text.Json;
using WsConformance.Cases.Model;
using WsConformance.Engine.Judging;

namespace WsConformance.Cli.Autobahn;

/// <summary>One entry of a fuzzingclient spec's <c>servers</c>.</summary>
/// <param name="Agent">The report name; null: the server's Server header, as wstest does.</param>
/// <param name="Hostname">TLS server name (SNI) to send instead of the URL's host.</param>
internal sealed record SpecServer(Uri Url, string? Agent, IReadOnlyList<string> Protocols, string? Origin, string? Hostname);

/// <summary><c>exclude-agent-cases</c>: for agents matching <paramref name="AgentPattern"/>, leave out the cases matching any of <paramref name="CasePatterns"/>.</summary>
internal sealed record AgentCaseExclusion(string AgentPattern, IReadOnlyList<string> CasePatterns);

/// <summary>
/// An Autobahn|Testsuite <c>fuzzingclient.json</c> (testing servers), read as wstest reads it: the selection is
/// over Autobahn's own cases under their Autobahn ids, the reports go to <see cref="OutDir"/> in its layout.
/// </summary>
internal sealed record FuzzingClientSpec(
    string OutDir,
    IReadOnlyList<SpecServer> Servers,
    IReadOnlyList<string> Cases,
    IReadOnlyList<string> ExcludeCases,
    IReadOnlyList<AgentCaseExclusion> ExcludeAgentCases,
    IReadOnlyList<string> Warnings)
{
    /// <summary>wstest's default report folder for this mode.</summary>
    public const string DefaultOutDir = "./reports/servers";

    private static readonly string[] TopLevelFields = ["options", "outdir", "servers", "cases", "exclude-cases", "exclude-agent-cases"];
    private static readonly string[] ServerFields = ["url", "agent", "options", "protocols", "origin", "hostname"];

    /// <summary>Reads the spec.</summary>
    /// <exception cref="SpecException">The file is unreadable, not JSON, a field has the wrong type, or no server is listed.</exception>
    public static FuzzingClientSpec Read(string path)
    {
        var (reader, root) = SpecReader.Open(path);
        reader.WarnUnknown(root, "", TopLevelFields);
        ProtocolOptions.Check(reader, root, "");
        var servers = ReadServers(reader, root);
        if (servers.Count == 0)
        {
            throw reader.Error("servers", "no server to test; list at least one {\"url\": \"ws://…\"}");
        }

        return new FuzzingClientSpec(
            reader.String(root, "outdir", "outdir") ?? DefaultOutDir,
            servers,
            reader.Strings(root, "cases", "cases") ?? ["*"],
            reader.Strings(root, "exclude-cases", "exclude-cases") ?? [],
            ReadAgentExclusions(reader, root),
            reader.Warnings);
    }

    /// <summary>The Autobahn cases the spec selects, in catalog order (our own cases have no Autobahn id and are never selected).</summary>
    public IReadOnlyList<CaseDefinition> Select(IEnumerable<CaseDefinition> catalog) =>
    [
        .. catalog.Where(c => c.AutobahnId is { } id
            && Cases.Any(p => WstestPatterns.MatchesCase(id, p))
            && !ExcludeCases.Any(p => WstestPatterns.MatchesCase(id, p))),
    ];

    /// <summary>Whether <c>exclude-agent-cases</c> leaves <paramref name="autobahnId"/> out for <paramref name="agent"/>.</summary>
    public bool ExcludedFor(string agent, string autobahnId) =>
        ExcludeAgentCases.Any(e => WstestPatterns.MatchesWhole(agent, e.AgentPattern) && e.CasePatterns.Any(p => WstestPatterns.MatchesWhole(autobahnId, p)));

    private static List<SpecServer> ReadServers(SpecReader reader, JsonElement root)
    {
        if (!root.TryGetProperty("servers", out var servers) || servers.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        reader.Require(servers, JsonValueKind.Array, "servers");
        return [.. servers.EnumerateArray().Select((server, i) => ReadServer(reader, server, $"servers[{i}]."))];
    }

    private static SpecServer ReadServer(SpecReader reader, JsonElement server, string where)
    {
        reader.Require(server, JsonValueKind.Object, where.TrimEnd('.'));
        reader.WarnUnknown(server, where, ServerFields);
        ProtocolOptions.Check(reader, server, where);
        var text = reader.String(server, "url", $"{where}url") ?? throw reader.Error($"{where}url", "missing; every server needs a ws:// or wss:// URL");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("ws" or "wss"))
        {
            throw reader.Error($"{where}url", $"expected a ws:// or wss:// URL, got {EventText.Quote(text)}");
        }

        return new SpecServer(url, reader.String(server, "agent", $"{where}agent"), reader.Strings(server, "protocols", $"{where}protocols") ?? [],
            reader.String(server, "origin", $"{where}origin"), reader.String(server, "hostname", $"{where}hostname"));
    }

    private static List<AgentCaseExclusion> ReadAgentExclusions(SpecReader reader, JsonElement root)
    {
        if (!root.TryGetProperty("exclude-agent-cases", out var exclusions) || exclusions.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        reader.Require(exclusions, JsonValueKind.Object, "exclude-agent-cases");
        return [.. exclusions.EnumerateObject().Select(e => new AgentCaseExclusion(e.Name, reader.Strings(exclusions, e.Name, $"exclude-agent-cases.{e.Name}") ?? []))];
    }
}
