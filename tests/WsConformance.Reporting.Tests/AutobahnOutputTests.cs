using System.Text.Json;
using WsConformance.Reporting.Tests.Support;

namespace WsConformance.Reporting.Tests;

public sealed class AutobahnOutputTests(EchoRun echo) : IClassFixture<EchoRun>
{
    /// <summary>Autobahn's per-case keys (reference autobahn.md §4.6).</summary>
    private static readonly string[] CaseKeys =
    [
        "agent", "behavior", "behaviorClose", "case", "closedByMe", "createStats", "createWirelog", "description", "droppedByMe",
        "duration", "expectation", "expected", "expectedClose", "failedByMe", "httpRequest", "httpResponse", "id", "isServer",
        "localCloseCode", "localCloseReason", "received", "remoteCloseCode", "remoteCloseReason", "reportCompressionRatio",
        "reportTime", "result", "resultClose", "rxFrameStats", "rxOctetStats", "started", "trafficStats", "txFrameStats",
        "txOctetStats", "wasClean", "wasCloseHandshakeTimeout", "wasNotCleanReason", "wasOpenHandshakeTimeout",
        "wasServerConnectionDropTimeout", "wirelog",
    ];

    private static readonly string[] AutobahnBehaviors = ["OK", "NON-STRICT", "FAILED", "INFORMATIONAL", "UNIMPLEMENTED"];

    [Fact]
    public void Index_has_exactly_Autobahns_five_fields_sorted_with_three_space_indent()
    {
        using var directory = new TempDirectory();
        AutobahnIndexWriter.Write(directory.Path, echo.Run);
        var text = File.ReadAllText(directory.File("index.json"));
        using var index = JsonDocument.Parse(text);

        var agent = index.RootElement.EnumerateObject().Single();
        var ids = agent.Value.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(EchoRun.Selection.Where(id => !id.StartsWith("masking", StringComparison.Ordinal)).Order(StringComparer.Ordinal), ids);
        foreach (var entry in agent.Value.EnumerateObject())
        {
            Assert.Equal(["behavior", "behaviorClose", "duration", "remoteCloseCode", "reportfile"], entry.Value.EnumerateObject().Select(p => p.Name));
            Assert.Equal(AutobahnNames.CaseFile(agent.Name, entry.Name), entry.Value.GetProperty("reportfile").GetString());
        }

        Assert.StartsWith("{\n   \"" + agent.Name + "\": {\n      \"", text.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_Autobahn_case_has_a_file_with_Autobahns_39_keys_sorted()
    {
        using var directory = new TempDirectory();
        AutobahnIndexWriter.Write(directory.Path, echo.Run);
        using var index = JsonDocument.Parse(File.ReadAllText(directory.File("index.json")));

        foreach (var entry in index.RootElement.EnumerateObject().Single().Value.EnumerateObject())
        {
            var file = entry.Value.GetProperty("reportfile").GetString()!;
            Assert.Matches("^kestrel_echoserver_[0-9_]+_case_[0-9_]+\\.json$", file);
            using var report = JsonDocument.Parse(File.ReadAllText(directory.File(file)));
            var keys = report.RootElement.EnumerateObject().Select(p => p.Name).ToList();
            Assert.Equal(39, keys.Count);
            Assert.Equal(CaseKeys.Order(StringComparer.Ordinal), keys);
            Assert.Equal(CaseKeys.Order(StringComparer.Ordinal), CaseKeys);
            Assert.Equal(entry.Name, report.RootElement.GetProperty("id").GetString());
            Assert.Equal(AutobahnNumbering.CaseNumber(entry.Name), report.RootElement.GetProperty("case").GetInt32());
        }
    }

    [Fact]
    public void Behavior_values_are_Autobahns_strings()
    {
        // The jq check scripts run: .[][] | .behavior in Autobahn's vocabulary (no ERROR for a healthy run).
        using var directory = new TempDirectory();
        AutobahnIndexWriter.Write(directory.Path, echo.Run);
        using var index = JsonDocument.Parse(File.ReadAllText(directory.File("index.json")));

        var behaviors = index.RootElement.EnumerateObject().SelectMany(a => a.Value.EnumerateObject()).Select(c => c.Value.GetProperty("behavior").GetString()).ToList();

        Assert.All(behaviors, b => Assert.Contains(b, AutobahnBehaviors));
        Assert.Contains("INFORMATIONAL", behaviors);
    }

    [Fact]
    public void Case_file_maps_close_handshake_statistics_and_wire_log()
    {
        using var directory = new TempDirectory();
        AutobahnIndexWriter.Write(directory.Path, echo.Run);
        var file = Directory.GetFiles(directory.Path, "*_case_1_1_2.json").Single();
        using var report = JsonDocument.Parse(File.ReadAllText(file));
        var root = report.RootElement;

        Assert.Equal(1000, root.GetProperty("remoteCloseCode").GetInt32());
        Assert.True(root.GetProperty("closedByMe").GetBoolean());
        Assert.StartsWith("HTTP/1.1 101", root.GetProperty("httpResponse").GetString());
        Assert.Equal(JsonValueKind.Object, root.GetProperty("rxFrameStats").ValueKind);
        Assert.Equal(1, root.GetProperty("rxFrameStats").GetProperty("1").GetInt32());
        Assert.Equal([1000], root.GetProperty("expectedClose").GetProperty("closeCode").EnumerateArray().Select(c => c.GetInt32()));
        Assert.Equal("message", root.GetProperty("received")[0][0].GetString());
        var rows = root.GetProperty("wirelog").EnumerateArray().ToList();
        var first = rows.First(r => r[0].GetString() == "TO");
        Assert.Equal(JsonValueKind.Number, first[1][0].ValueKind);
        Assert.Equal(JsonValueKind.False, first[2].ValueKind);
        var sentFrame = rows.First(r => r[0].GetString() == "TF");
        Assert.Equal(9, sentFrame.GetArrayLength());
        Assert.Equal(125, sentFrame[1][0].GetInt32());
        var receivedFrame = rows.First(r => r[0].GetString() == "RF");
        Assert.Equal(7, receivedFrame.GetArrayLength());
        Assert.False(receivedFrame[5].GetBoolean());
        Assert.All(rows, r => Assert.Contains(r[0].GetString(), new[] { "TO", "RO", "TF", "RF", "NT" }));
    }

    [Theory]
    [InlineData("1.1.1", 1)]
    [InlineData("2.1", 17)]
    [InlineData("3.1", 28)]
    [InlineData("4.1.1", 35)]
    [InlineData("5.1", 45)]
    [InlineData("6.1.1", 65)]
    [InlineData("6.4.1", 74)]
    [InlineData("6.5.1", 78)]
    [InlineData("6.22.1", 169)]
    [InlineData("6.23.7", 209)]
    [InlineData("7.1.1", 210)]
    [InlineData("7.7.1", 223)]
    [InlineData("7.9.1", 236)]
    [InlineData("7.13.2", 246)]
    [InlineData("9.1.1", 247)]
    [InlineData("10.1.1", 301)]
    [InlineData("12.1.1", 302)]
    [InlineData("12.5.1", 374)]
    [InlineData("13.7.1", 500)]
    [InlineData("13.7.18", 517)]
    public void Case_numbers_follow_Autobahns_global_numbering(string id, int number) =>
        Assert.Equal(number, AutobahnNumbering.CaseNumber(id));

    [Theory]
    [InlineData("8.1.1")]
    [InlineData("7.2.1")]
    [InlineData("masking.1")]
    public void Ids_Autobahn_lacks_have_no_number(string id) => Assert.Null(AutobahnNumbering.CaseNumber(id));

    [Fact]
    public void Numbering_covers_Autobahns_517_cases() => Assert.Equal(517, AutobahnNumbering.Total);
}
