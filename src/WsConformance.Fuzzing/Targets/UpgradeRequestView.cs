using System.Text;

namespace WsConformance.Fuzzing.Targets;

/// <summary>How far a parser got with a request's header block.</summary>
internal enum RequestStatus
{
    /// <summary>The blank line ending the header block has not arrived.</summary>
    NeedMoreData,

    /// <summary>The header block was parsed.</summary>
    Complete,

    /// <summary>The parser rejected the bytes.</summary>
    Invalid,
}

/// <summary>
/// What a parser made of an opening handshake request, reduced to what a WebSocket server acts on (RFC 6455 §4.2.1):
/// the request line and, in order, the fields the upgrade depends on. Names are lower-cased (field names are
/// case-insensitive, RFC 9110 §5.1); values are kept as parsed, one char per octet.
/// </summary>
internal sealed record UpgradeRequestView(RequestStatus Status, string Method, string Target, string Version, string Fields)
{
    /// <summary>The fields RFC 6455 §4.2.1 reads.</summary>
    private static readonly HashSet<string> UpgradeFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "host", "upgrade", "connection", "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions",
        "sec-websocket-protocol", "origin",
    };

    /// <summary>A request not (yet) parsed.</summary>
    public static UpgradeRequestView NotParsed(RequestStatus status) => new(status, "", "", "", "");

    /// <summary>A parsed request from its request line and its fields in order.</summary>
    public static UpgradeRequestView Parsed(string method, string target, string version, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var relevant = new StringBuilder();
        foreach ((string name, string value) in fields)
        {
            if (UpgradeFields.Contains(name))
            {
                relevant.Append(name.ToLowerInvariant()).Append(": ").Append(WireText.Quote(value)).Append("; ");
            }
        }

        return new UpgradeRequestView(RequestStatus.Complete, method, target, version, relevant.ToString());
    }

    public override string ToString() => Status != RequestStatus.Complete ? Status.ToString()
        : $"{WireText.Quote(Method)} {WireText.Quote(Target)} {WireText.Quote(Version)} {Fields}";
}
