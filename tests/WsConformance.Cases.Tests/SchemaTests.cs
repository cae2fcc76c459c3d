using System.Text.Json;
using WsConformance.Cases.Loading;

namespace WsConformance.Cases.Tests;

/// <summary>The editor schema must describe exactly the keys the loader accepts, mapping by mapping.</summary>
public sealed class SchemaTests : IDisposable
{
    private readonly JsonDocument schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "case-file.schema.json")));

    public void Dispose() => schema.Dispose();

    private JsonElement Root => schema.RootElement;

    private JsonElement Def(string name) => Root.GetProperty("$defs").GetProperty(name);

    public static TheoryData<string, string[]> MappingsByDefinition => new()
    {
        { "defaults", KnownKeys.Defaults },
        { "case", KnownKeys.Case },
        { "family", KnownKeys.Family },
        { "familyItem", KnownKeys.FamilyItem },
        { "rfc", KnownKeys.Requirement },
        { "repeat", KnownKeys.Repeat },
        { "sendFrame", KnownKeys.SendFrame },
        { "sendMessage", KnownKeys.SendMessage },
        { "sendRaw", KnownKeys.SendRaw },
        { "echoRounds", KnownKeys.EchoRounds },
        { "message", KnownKeys.Message },
        { "close", KnownKeys.Close },
        { "handshake", KnownKeys.Handshake },
        { "handshakeAnswer", KnownKeys.HandshakeAlternative },
        { "compression", KnownKeys.Compression },
        { "slices", KnownKeys.Slices },
    };

    [Fact]
    public void Is_draft_2020_12_and_names_every_file_level_key()
    {
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", Root.GetProperty("$schema").GetString());
        Assert.Equal(Sorted(KnownKeys.File), Sorted(PropertyNames(Root)));
    }

    [Theory]
    [MemberData(nameof(MappingsByDefinition))]
    public void Definition_names_exactly_the_keys_the_loader_accepts(string definition, string[] keys) =>
        Assert.Equal(Sorted(keys), Sorted(PropertyNames(Def(definition))));

    [Fact]
    public void Alternatives_name_exactly_the_steps_events_and_payload_forms()
    {
        Assert.Equal(Sorted(KnownKeys.Steps), Sorted(Def("step").GetProperty("oneOf").EnumerateArray().SelectMany(PropertyNames)));
        Assert.Equal(Sorted(KnownKeys.Events), Sorted(Def("event").GetProperty("oneOf").EnumerateArray().SelectMany(PropertyNames)));
        Assert.Equal(
            Sorted(KnownKeys.Payload),
            Sorted(Def("payload").GetProperty("oneOf").EnumerateArray().Where(IsObjectSchema).SelectMany(PropertyNames)));
        Assert.Equal(Sorted(KnownKeys.CloseStep), Sorted(Def("closeStep").GetProperty("anyOf").EnumerateArray().Where(IsObjectSchema).SelectMany(PropertyNames)));
        Assert.Equal(Sorted(KnownKeys.Pause), Sorted(Def("pause").GetProperty("anyOf").EnumerateArray().Where(IsObjectSchema).SelectMany(PropertyNames)));
        Assert.Equal(Sorted(KnownKeys.Http2), Sorted(Def("http2").GetProperty("anyOf").EnumerateArray().Where(IsObjectSchema).SelectMany(PropertyNames)));
    }

    [Fact]
    public void Family_templates_and_variants_accept_case_fields_only()
    {
        var templateKeys = Def("caseFields").GetProperty("propertyNames").GetProperty("enum").EnumerateArray().Select(k => k.GetString()!);

        Assert.Equal(Sorted(KnownKeys.Case), Sorted(templateKeys));
        Assert.Equal([KnownKeys.VariantsBy], PropertyNames(Def("family").GetProperty("properties").GetProperty("variants")));
    }

    [Fact]
    public void Every_fixed_mapping_forbids_other_keys()
    {
        var open = AllSchemas(Root)
            .Where(s => s.TryGetProperty("properties", out _) && !s.TryGetProperty("additionalProperties", out _))
            .Select(s => string.Join(",", PropertyNames(s)))
            .ToList();

        Assert.Empty(open);
    }

    private static bool IsObjectSchema(JsonElement schema) => schema.TryGetProperty("properties", out _);

    private static IEnumerable<string> PropertyNames(JsonElement schema) =>
        schema.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Select(p => p.Name) : [];

    private static IEnumerable<JsonElement> AllSchemas(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => AllSchemas(p.Value)).Prepend(element),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(AllSchemas),
        _ => [],
    };

    private static string[] Sorted(IEnumerable<string> keys) => [.. keys.Order(StringComparer.Ordinal)];
}
