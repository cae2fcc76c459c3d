#:project ../../src/WsConformance.Cases/WsConformance.Cases.csproj
#:property PublishAot=false

// Prints every case a folder of case files loads into, as indented JSON sorted by id, with each case's source file
// left out: the loaded model, not the YAML that spelled it. For refactoring case files (moving fields into
// `defaults`, folding cases into families, renaming files) without changing what any case does — dump before and
// after and diff:
//
//   dotnet run tests/tools/dump-catalog.cs -- cases > /tmp/before.json
//   (edit the case files)
//   dotnet run tests/tools/dump-catalog.cs -- cases > /tmp/after.json && diff /tmp/before.json /tmp/after.json
//
// An empty diff means every case loads to the same steps, expectations, requirement and handshake as before.
using System.Text.Json;
using System.Text.Json.Serialization;
using WsConformance.Cases;
using WsConformance.Cases.Model;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: dump-catalog.cs FOLDER");
    return 2;
}

var cases = CatalogLoader.LoadDirectory(args[0]).Cases
    .OrderBy(c => c.Id, StringComparer.Ordinal)
    .Select(c => c with { SourceFile = "" })
    .ToList();
var options = new JsonSerializerOptions
{
    WriteIndented = true,
    Converters = { new JsonStringEnumConverter(), new DataSetByName(), new RuntimeTypeOfAbstractRecords() },
};
Console.Out.WriteLine(JsonSerializer.Serialize(cases, options));
return 0;

/// <summary>Steps, payloads and events are declared as their abstract base: write what each one is.</summary>
internal sealed class RuntimeTypeOfAbstractRecords : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsAbstract && !typeToConvert.IsInterface;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Writer<>).MakeGenericType(typeToConvert))!;

    private sealed class Writer<T> : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteString("$type", value!.GetType().Name);
            writer.WritePropertyName("value");
            JsonSerializer.Serialize(writer, value, value.GetType(), options);
            writer.WriteEndObject();
        }
    }
}

/// <summary>The generated data sets are the same bytes every run: their name says which.</summary>
internal sealed class DataSetByName : JsonConverter<DataSet>
{
    public override DataSet Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

    public override void Write(Utf8JsonWriter writer, DataSet value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name);
}
