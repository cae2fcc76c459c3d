using System.CommandLine.Parsing;

namespace WsConformance.Cli.Commands;

/// <summary>Parses --target values; System.CommandLine has no Uri converter.</summary>
internal static class TargetUri
{
    public static Uri[] ParseAll(ArgumentResult result)
    {
        var uris = new List<Uri>();
        foreach (var token in result.Tokens)
        {
            if (Uri.TryCreate(token.Value, UriKind.Absolute, out var uri) && uri.Scheme is "ws" or "wss")
            {
                uris.Add(uri);
            }
            else
            {
                result.AddError($"--target must be a ws:// or wss:// URL, got '{token.Value}'.");
            }
        }

        return [.. uris];
    }
}

/// <summary>Parses --header 'Name: value'.</summary>
internal static class HeaderOption
{
    public static string[] ParseAll(ArgumentResult result)
    {
        foreach (var token in result.Tokens.Where(t => t.Value.IndexOf(':', StringComparison.Ordinal) <= 0))
        {
            result.AddError($"--header must look like 'Name: value', got '{token.Value}'.");
        }

        return [.. result.Tokens.Select(t => t.Value)];
    }

    public static KeyValuePair<string, string> Split(string header)
    {
        var colon = header.IndexOf(':', StringComparison.Ordinal);
        return new(header[..colon].Trim(), header[(colon + 1)..].Trim());
    }
}
