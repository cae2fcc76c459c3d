#:project ../WsConformance.TestServers/WsConformance.TestServers.csproj

// Serves one of the test suite's broken echo servers (a static EchoBehaviour property of BrokenServers, by name)
// on an ephemeral loopback port until Enter or end of input, so that commands such as
// `wsconf fuzz property --target …` can be timed against it from the shell:
//
//   sleep 600 | dotnet run -c Release tests/tools/serve-broken.cs -- NeverAnswersPing &
//
// It stops when its input ends (here: after 10 minutes), so a forgotten server does not outlive its shell.
//
// Prints `LISTENING <port>` once bound, as the interop echo servers do.
using System.Reflection;
using WsConformance.TestServers;

var behaviours = typeof(BrokenServers).GetProperties(BindingFlags.Public | BindingFlags.Static)
    .Where(p => p.PropertyType == typeof(EchoBehaviour))
    .ToDictionary(p => p.Name, p => (EchoBehaviour)p.GetValue(null)!, StringComparer.OrdinalIgnoreCase);
if (args.Length != 1 || !behaviours.TryGetValue(args[0], out var behaviour))
{
    Console.Error.WriteLine($"usage: serve-broken.cs NAME, where NAME is one of: {string.Join(", ", behaviours.Keys.Order())}");
    return 2;
}

await using var server = CodecEchoServer.Start(behaviour);
Console.WriteLine($"LISTENING {server.Port}");
await Console.In.ReadToEndAsync();
return 0;
