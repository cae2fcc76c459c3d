using System.Text.Json;
using WsConformance.Engine.Judging;

namespace WsConformance.Cli.Autobahn;

/// <summary>An Autobahn spec file that cannot be used: one line naming the file and, where known, line and column.</summary>
internal sealed class SpecException(string message) : Exception(message);

/// <summary>
/// Typed reads of an Autobahn|Testsuite spec (JSON). A value of the wrong type is an error naming its path in the
/// file; a field we do not honour is a warning naming it, never silence.
/// </summary>
internal sealed class SpecReader
{
    private readonly List<string> _warnings = [];

    private SpecReader(string path) => Path = path;

    public string Path { get; }

    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Parses <paramref name="path"/>; the root must be an object.</summary>
    public static (SpecReader Reader, JsonElement Root) Open(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SpecException($"spec {EventText.Quote(path)}: {e.Message}");
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            var reader = new SpecReader(path);
            reader.Require(document.RootElement, JsonValueKind.Object, "the spec");
            return (reader, document.RootElement.Clone());
        }
        catch (JsonException e)
        {
            throw new SpecException($"{path}:{e.LineNumber + 1}:{e.BytePositionInLine + 1}: not valid JSON ({FirstSentence(e.Message)})");
        }
    }

    public void Warn(string field, string why) => _warnings.Add($"{Path}: {field}: {why}");

    public SpecException Error(string field, string problem) => new($"{Path}: {field}: {problem}");

    public string? String(JsonElement parent, string name, string field)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        Require(value, JsonValueKind.String, field);
        return value.GetString();
    }

    public IReadOnlyList<string>? Strings(JsonElement parent, string name, string field)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        Require(value, JsonValueKind.Array, field);
        return [.. value.EnumerateArray().Select((item, i) =>
        {
            Require(item, JsonValueKind.String, $"{field}[{i}]");
            return item.GetString()!;
        })];
    }

    public void Require(JsonElement value, JsonValueKind kind, string field)
    {
        if (value.ValueKind != kind)
        {
            throw Error(field, $"expected {Describe(kind)}, got {Describe(value.ValueKind)}");
        }
    }

    /// <summary>Warns about every member of <paramref name="element"/> not in <paramref name="known"/>.</summary>
    public void WarnUnknown(JsonElement element, string where, params string[] known)
    {
        foreach (var member in element.EnumerateObject().Where(m => !known.Contains(m.Name, StringComparer.Ordinal)))
        {
            Warn($"{where}{EventText.Quote(member.Name)}", "not an Autobahn spec field that wsconf knows; ignored");
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        _ => "null",
    };

    private static string FirstSentence(string message) => message.Split(". ", 2)[0].TrimEnd('.');
}
