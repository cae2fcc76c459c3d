using System.Net;
using System.Text.Json;
using WsConformance.Cases;
using WsConformance.Cases.Model;
using WsConformance.Engine.Judging;

namespace WsConformance.Cli.Autobahn;

/// <summary>
/// An Autobahn|Testsuite <c>fuzzingserver.json</c> (testing clients), turned into the <c>wsconf serve</c> options
/// that do the same: listen where <c>url</c> says, serve the Autobahn cases <c>cases</c> minus <c>exclude-cases</c>
/// select (numbered as wstest numbers them), write the reports to <c>outdir</c> in Autobahn's layout.
/// </summary>
internal static class FuzzingServerSpec
{
    /// <summary>wstest's default report folder for this mode.</summary>
    public const string DefaultOutDir = "./reports/clients";

    /// <summary>Tells <c>serve</c> to write index.json and the per-case files directly in --out, as wstest does.</summary>
    public const string AutobahnLayoutOption = "--autobahn-layout";

    private static readonly string[] TopLevelFields = ["url", "outdir", "options", "cases", "exclude-cases", "exclude-agent-cases", "webport", "protocols", "key", "cert"];

    /// <summary>The serve options equivalent to the spec at <paramref name="path"/>, and the warnings about what it asks that serve does not do.</summary>
    /// <exception cref="SpecException">The file is unusable, or asks for what serve cannot do (wss://).</exception>
    public static (IReadOnlyList<string> Arguments, IReadOnlyList<string> Warnings) ToServeArguments(string path)
    {
        var (reader, root) = SpecReader.Open(path);
        reader.WarnUnknown(root, "", TopLevelFields);
        ProtocolOptions.Check(reader, root, "");
        var (address, port) = ListenEndpoint(reader, reader.String(root, "url", "url") ?? "ws://127.0.0.1:9001");
        WarnNotServed(reader, root);
        var caseIds = SelectedIds(reader.Strings(root, "cases", "cases") ?? ["*"], reader.Strings(root, "exclude-cases", "exclude-cases") ?? []);
        if (caseIds.Count == 0)
        {
            throw reader.Error("cases", "cases minus exclude-cases selects no case");
        }

        List<string> arguments = ["--host", address.ToString(), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--out", reader.String(root, "outdir", "outdir") ?? DefaultOutDir, AutobahnLayoutOption];
        arguments.AddRange(caseIds.SelectMany(id => new[] { "--cases", id }));
        return (arguments, reader.Warnings);
    }

    private static (IPAddress Address, int Port) ListenEndpoint(SpecReader reader, string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("ws" or "wss"))
        {
            throw reader.Error("url", $"expected a ws:// URL to listen on, got {EventText.Quote(url)}");
        }

        if (uri.Scheme == "wss")
        {
            throw reader.Error("url", "wss:// (with key and cert) is not served by wsconf yet; listen on ws:// and put a TLS proxy in front");
        }

        if (uri.IsLoopback && !IPAddress.TryParse(uri.Host, out _))
        {
            return (IPAddress.Loopback, uri.Port);
        }

        return IPAddress.TryParse(uri.IdnHost, out var address)
            ? (address, uri.Port)
            : throw reader.Error("url", $"the host must be an IP address or localhost, got {EventText.Quote(uri.Host)}");
    }

    private static void WarnNotServed(SpecReader reader, JsonElement root)
    {
        if (root.TryGetProperty("webport", out var webport) && !(webport.ValueKind == JsonValueKind.Number && webport.TryGetInt32(out var port) && port == 0))
        {
            reader.Warn("webport", "not honoured: wsconf serves no web page; the reports are files in outdir");
        }

        if ((reader.Strings(root, "protocols", "protocols") ?? []).Count > 0)
        {
            reader.Warn("protocols", "not honoured by wsconf serve yet: no subprotocol is accepted");
        }

        if (root.TryGetProperty("exclude-agent-cases", out var byAgent) && byAgent.ValueKind == JsonValueKind.Object && byAgent.EnumerateObject().Any())
        {
            reader.Warn("exclude-agent-cases", "not honoured by wsconf serve yet: every agent is served every selected case");
        }

        foreach (var tls in new[] { "key", "cert" }.Where(name => root.TryGetProperty(name, out _)))
        {
            reader.Warn(tls, "ignored: wsconf serve speaks ws:// only");
        }
    }

    /// <summary>The Autobahn ids of the client cases the patterns select, in catalog order (wstest's case numbering).</summary>
    private static List<string> SelectedIds(IReadOnlyList<string> cases, IReadOnlyList<string> exclude) =>
    [
        .. CatalogLoader.LoadDirectory(CatalogLoader.DefaultDirectory).Cases
            .Where(c => (c.Testees & Testees.Clients) != 0 && c.AutobahnId is { } id
                && cases.Any(p => WstestPatterns.MatchesCase(id, p)) && !exclude.Any(p => WstestPatterns.MatchesCase(id, p)))
            .Select(c => c.Id),
    ];
}
