using System.Text;

namespace WsConformance.Reporting;

/// <summary>Autobahn|Testsuite's file naming, so its consumers find our files where they look for its own.</summary>
public static class AutobahnNames
{
    /// <summary>Agent lower-cased, every char outside [a-z0-9] a space, trimmed, spaces to '_'; id dots to '_'.</summary>
    public static string CaseFile(string agent, string caseId) => $"{AgentStem(agent)}_case_{caseId.Replace('.', '_')}.json";

    public static string AgentStem(string agent)
    {
        var builder = new StringBuilder(agent.Length);
        foreach (var c in agent.ToLowerInvariant())
        {
            builder.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : ' ');
        }

        return builder.ToString().Trim().Replace(' ', '_');
    }
}
