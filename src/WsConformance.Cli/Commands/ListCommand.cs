using System.CommandLine;
using WsConformance.Cases;

namespace WsConformance.Cli.Commands;

/// <summary><c>wsconf list</c>: the selected cases, one per line (id, Autobahn id, RFC section and level, title) on stdout.</summary>
internal static class ListCommand
{
    public static Command Create()
    {
        var cases = CommonOptions.Cases();
        var exclude = CommonOptions.Exclude();
        var clients = new Option<bool>("--clients") { Description = "List the cases wsconf serve plays to clients (default: the cases wsconf run plays to servers)." };
        var command = new Command("list", "List the cases of the catalog (or of --cases folders) that the patterns select.") { cases, exclude, clients };
        command.SetAction(parse =>
        {
            try
            {
                var testees = parse.GetValue(clients) ? Cases.Model.Testees.Clients : Cases.Model.Testees.Servers;
                var source = CaseSource.From(parse.GetValue(cases) ?? []);
                if (source.MissingSource() is { } missing)
                {
                    Console.Error.WriteLine($"wsconf: {missing}");
                    return ExitCodes.UsageError;
                }

                var selected = source.Load(parse.GetValue(exclude) ?? [], testees);
                foreach (var definition in selected)
                {
                    var requirement = definition.Requirement;
                    Console.Out.WriteLine($"{definition.Id}\t{definition.AutobahnId ?? "-"}\t§{requirement.RfcSection} {requirement.Level.ToString().ToUpperInvariant()}\t{definition.Title}");
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
}
