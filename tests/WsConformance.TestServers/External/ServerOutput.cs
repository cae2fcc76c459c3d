namespace WsConformance.TestServers.External;

/// <summary>
/// The lines an echo script in tests/interop/ prints on stdout: <c>VERSION &lt;library version&gt;</c>, then
/// <c>LISTENING &lt;port&gt;</c> once its socket is bound.
/// </summary>
internal static class ServerOutput
{
    public const string VersionPrefix = "VERSION ";
    public const string ListeningPrefix = "LISTENING ";

    /// <summary>The text after <paramref name="prefix"/>, or null when the line is something else.</summary>
    public static string? ValueAfter(string line, string prefix) =>
        line.StartsWith(prefix, StringComparison.Ordinal) ? line[prefix.Length..].Trim() : null;
}
