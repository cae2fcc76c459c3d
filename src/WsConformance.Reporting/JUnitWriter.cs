using System.Globalization;
using System.Xml;
using WsConformance.Reporting.Model;

namespace WsConformance.Reporting;

/// <summary>
/// <c>report.junit.xml</c> for CI test views (GitLab, Jenkins, GitHub JUnit actions), kept inside the Jenkins
/// XSD: a testsuite per target × section, a testcase per case with <c>name</c> and <c>classname</c> always set,
/// <c>failure</c> for FAILED, <c>error</c> for ERROR and for selected cases that never ran (NOT RUN: a CI view must
/// not show an unfinished run as green), <c>skipped</c> for UNIMPLEMENTED and excluded cases.
/// NON-STRICT, INFORMATIONAL and SLOW pass, with the verdict in the name and in system-out. A run that stopped short
/// (an unreachable target, one that went away) has one more testcase, an error naming why. Text that came from
/// the wire is made XML-legal by <see cref="XmlText"/>; explanations go in element bodies (GitLab ignores
/// the message attribute).
/// </summary>
public static class JUnitWriter
{
    public const string FileName = "report.junit.xml";

    private static readonly XmlWriterSettings Settings = new() { Indent = true, Encoding = new System.Text.UTF8Encoding(false) };

    public static void Write(string path, ReportDocument report) => AtomicFile.Write(path, stream => Write(stream, report));

    public static void Write(Stream stream, ReportDocument report)
    {
        using var xml = XmlWriter.Create(stream, Settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", report.Complete ? "wsconf" : "wsconf (incomplete run)");
        WriteCounts(xml, report.Cases, report.Targets.Count * report.Excluded.Count, report.NotRun.Count + (report.Error is null ? 0 : 1));
        xml.WriteAttributeString("time", Seconds((report.Ended - report.Started).TotalMilliseconds));
        if (report.Error is { } error)
        {
            WriteRunError(xml, error);
        }

        foreach (var (target, index) in report.Targets.Select((t, i) => (t, i)))
        {
            var cases = report.Cases.Where(c => c.Agent == target.Agent).ToList();
            var notRun = report.NotRun.Where(n => n.Agent == target.Agent).ToList();
            var sections = cases.Select(c => c.Section).Concat(notRun.Select(n => n.Section)).Concat(report.Excluded.Select(e => e.Section)).Distinct(StringComparer.Ordinal);
            foreach (var section in sections)
            {
                WriteSuite(xml, report, target, index, section, cases.Where(c => c.Section == section).ToList(),
                    notRun.Where(n => n.Section == section).ToList(), report.Excluded.Where(e => e.Section == section).ToList());
            }
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static void WriteSuite(XmlWriter xml, ReportDocument report, TargetRecord target, int index, string section, List<CaseRecord> cases,
        List<NotRunRecord> notRun, List<CaseReference> excluded)
    {
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", XmlText.Clean($"{target.Agent} — section {section}"));
        xml.WriteAttributeString("id", $"{index}-{XmlText.Clean(section)}");
        WriteCounts(xml, cases, excluded.Count, notRun.Count);
        xml.WriteAttributeString("time", Seconds(cases.Sum(c => c.DurationMs)));
        xml.WriteAttributeString("timestamp", report.Started.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        xml.WriteAttributeString("hostname", "localhost");
        xml.WriteStartElement("properties");
        WriteProperty(xml, "target", target.Url);
        WriteProperty(xml, "agent", target.Agent);
        WriteProperty(xml, "server", target.Server ?? "");
        WriteProperty(xml, "transport", target.Transport ?? "");
        WriteProperty(xml, "tool.version", report.Tool.Version);
        WriteProperty(xml, "complete", report.Complete ? "true" : "false");
        xml.WriteEndElement();
        var classname = XmlText.Clean($"wsconf.{AutobahnNames.AgentStem(target.Agent)}.{section}");
        foreach (var result in cases)
        {
            WriteCase(xml, result, classname);
        }

        foreach (var missing in notRun)
        {
            WriteUnrunCase(xml, $"{missing.Id} — {missing.Title}", classname, "error", $"NOT RUN: {missing.Reason}");
        }

        foreach (var skipped in excluded)
        {
            WriteUnrunCase(xml, $"{skipped.Id} — {skipped.Title}", classname, "skipped", ExcludedMessage);
        }

        xml.WriteEndElement();
    }

    /// <summary>Why an excluded case has no result: the user left it out, or it judges the HTTP/1.1 upgrade and the run was over HTTP/2.</summary>
    internal const string ExcludedMessage = "excluded by --exclude, or HTTP/1.1-only under --http2";

    /// <summary>A testcase without a result: <c>error</c> (type NOT RUN) for a selected case that never ran, <c>skipped</c> for an excluded one.</summary>
    private static void WriteUnrunCase(XmlWriter xml, string name, string classname, string element, string message)
    {
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("name", XmlText.Clean(name));
        xml.WriteAttributeString("classname", classname);
        xml.WriteAttributeString("time", "0");
        xml.WriteStartElement(element);
        xml.WriteAttributeString("message", XmlText.Clean(message));
        if (element == "error")
        {
            xml.WriteAttributeString("type", "NOT RUN");
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void WriteCase(XmlWriter xml, CaseRecord result, string classname)
    {
        var suffix = result.Behavior is "NON-STRICT" or "INFORMATIONAL" or "SLOW" ? $" [{result.Behavior.ToLowerInvariant()}]" : "";
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("name", XmlText.Clean($"{result.Id} — {result.Title}{suffix}"));
        xml.WriteAttributeString("classname", classname);
        xml.WriteAttributeString("time", Seconds(result.DurationMs));
        var judgement = JudgementBlock.Of(result);
        var requirement = judgement.Evidence is null
            ? $"{result.Requirement.Rfc} §{result.Requirement.Section} ({result.Requirement.Level}): {result.Requirement.Text}\n"
            : "";
        var explanation = XmlText.Clean(
            $"{requirement}behavior {result.Behavior}: {string.Join('\n', JudgementBlock.Lines(judgement, withClose: false))}\n" +
            $"behaviorClose {result.BehaviorClose}: {result.ReasonClose}\n" +
            $"remote close: {result.Close?.RemoteCloseCode?.ToString(CultureInfo.InvariantCulture) ?? "none"} {result.Close?.RemoteCloseReason}" +
            Confirmation(result.Confirmation));
        var element = result.Behavior switch
        {
            "FAILED" => "failure",
            "ERROR" => "error",
            "UNIMPLEMENTED" => "skipped",
            _ => null,
        };
        if (element is not null)
        {
            xml.WriteStartElement(element);
            xml.WriteAttributeString("message", XmlText.Clean(judgement.Reason));
            if (element != "skipped")
            {
                xml.WriteAttributeString("type", result.Behavior);
            }

            xml.WriteString(explanation);
            xml.WriteEndElement();
        }
        else
        {
            xml.WriteElementString("system-out", explanation);
        }

        xml.WriteEndElement();
    }

    private static string Confirmation(ConfirmationRecord? confirmation) => confirmation switch
    {
        null => "",
        { Flaky: true } => $"\nconfirmed against an otherwise idle server; the concurrent run said {confirmation.FirstBehavior} / {confirmation.FirstBehaviorClose}: {confirmation.FirstReason}",
        _ => "\nconfirmed against an otherwise idle server (same outcome)",
    };

    /// <summary>The reason the run stopped short, as an erroring testcase of its own: CI test views show it where they show failures.</summary>
    private static void WriteRunError(XmlWriter xml, string error)
    {
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", "wsconf run");
        xml.WriteAttributeString("tests", "1");
        xml.WriteAttributeString("failures", "0");
        xml.WriteAttributeString("errors", "1");
        xml.WriteAttributeString("skipped", "0");
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("name", "the run reached its targets and ran every selected case");
        xml.WriteAttributeString("classname", "wsconf.run");
        xml.WriteAttributeString("time", "0");
        xml.WriteStartElement("error");
        xml.WriteAttributeString("message", XmlText.Clean(error));
        xml.WriteAttributeString("type", "RunStoppedShort");
        xml.WriteString(XmlText.Clean(error));
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void WriteCounts(XmlWriter xml, IReadOnlyCollection<CaseRecord> cases, int excluded, int notRun)
    {
        xml.WriteAttributeString("tests", (cases.Count + excluded + notRun).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", cases.Count(c => c.Behavior == "FAILED").ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", (cases.Count(c => c.Behavior == "ERROR") + notRun).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("skipped", (cases.Count(c => c.Behavior == "UNIMPLEMENTED") + excluded).ToString(CultureInfo.InvariantCulture));
    }

    private static void WriteProperty(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", XmlText.Clean(value));
        xml.WriteEndElement();
    }

    private static string Seconds(double milliseconds) => (milliseconds / 1000).ToString("0.000", CultureInfo.InvariantCulture);
}
