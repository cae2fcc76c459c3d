using System.CommandLine;
using WsConformance.Cases;
using WsConformance.Cases.Model;

namespace WsConformance.Cli.Commands;

/// <summary>
/// <c>wsconf list</c>: the selected cases, one per line (id, Autobahn id, RFC section and level, title) on stdout; with
/// <c>--by rfc</c> under a heading per RFC section, in the RFC's order.
/// </summary>
internal static class ListCommand
{
    private const string ByRfcSection = "rfc";

    public static Command Create()
    {
        var cases = CommonOptions.Cases();
        var exclude = CommonOptions.Exclude();
        var clients = new Option<bool>("--clients") { Description = "List the cases wsconf serve plays to clients (default: the cases wsconf run plays to servers)." };
        var by = new Option<string?>("--by") { Description = "rfc: group the cases by the RFC section they cite." };
        by.AcceptOnlyFromAmong(ByRfcSection);
        var command = new Command("list", "List the cases of the catalog (or of --cases folders) that the patterns select.") { cases, exclude, clients, by };
        command.SetAction(parse =>
        {
            try
            {
                var testees = parse.GetValue(clients) ? Testees.Clients : Testees.Servers;
                var source = CaseSource.From(parse.GetValue(cases) ?? []);
                if (source.MissingSource() is { } missing)
                {
                    Console.Error.WriteLine($"wsconf: {missing}");
                    return ExitCodes.UsageError;
                }

                var selected = source.Load(parse.GetValue(exclude) ?? [], testees);
                if (parse.GetValue(by) == ByRfcSection)
                {
                    PrintByRfcSection(selected);
                }
                else
                {
                    foreach (var definition in selected)
                    {
                        Console.Out.WriteLine($"{definition.Id}\t{definition.AutobahnId ?? "-"}\t§{definition.Requirement.RfcSection} {definition.Requirement.LevelName}\t{definition.Title}");
                    }
                }

                return selected.Count == 0 ? ExitCodes.NoCaseSelected : ExitCodes.Success;
            }
            catch (CaseLoadException e)
            {
                CommonOptions.PrintErrors(e.Errors);
                return ExitCodes.InvalidCaseFiles;
            }
        });
        return command;
    }

    /// <summary>"RFC 6455 §5.2 (7)", then its cases indented: id, Autobahn id, level, title.</summary>
    private static void PrintByRfcSection(IReadOnlyList<CaseDefinition> selected)
    {
        foreach (var section in RfcSections.Group(selected))
        {
            Console.Out.WriteLine($"{section.Key.Document} §{section.Key.Section} ({section.Count()})");
            foreach (var definition in section)
            {
                Console.Out.WriteLine($"  {definition.Id}\t{definition.AutobahnId ?? "-"}\t{definition.Requirement.LevelName}\t{definition.Title}");
            }
        }
    }
}
