using System.Diagnostics;

namespace WsConformance.TestServers.External;

/// <summary>
/// How to run one third-party echo server: which interpreter, which script from the <c>interop/</c> folder
/// next to the test assembly, and which Debian package provides the library. Whether it is installed is
/// probed once, by running the script with <c>--version</c>.
/// </summary>
internal sealed class EchoRuntime
{
    private const string ScriptFolder = "interop";
    private const string VersionOnlyFlag = "--version";
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    private readonly string[] interpreterCandidates;
    private readonly IReadOnlyDictionary<string, string> environment;
    private readonly Lazy<string?> interpreter;

    private EchoRuntime(
        string displayName,
        string agentPrefix,
        string debianPackage,
        string scriptFileName,
        string[] interpreterCandidates,
        IReadOnlyDictionary<string, string> environment)
    {
        DisplayName = displayName;
        AgentPrefix = agentPrefix;
        DebianPackage = debianPackage;
        ScriptPath = Path.Combine(AppContext.BaseDirectory, ScriptFolder, scriptFileName);
        this.interpreterCandidates = interpreterCandidates;
        this.environment = environment;
        interpreter = new Lazy<string?>(FindWorkingInterpreter);
    }

    /// <summary>Node ws as Debian's node-ws installs it.</summary>
    /// <remarks>
    /// node-ws lives in /usr/share/nodejs/ws. Debian's own node searches there, but a node from elsewhere
    /// (NodeSource, nvm) does not, so NODE_PATH names Debian's module folders explicitly.
    /// </remarks>
    public static EchoRuntime NodeWs { get; } = new(
        displayName: "Node ws",
        agentPrefix: "ws-",
        debianPackage: "node-ws",
        scriptFileName: "ws-echo.js",
        interpreterCandidates: ["node"],
        environment: new Dictionary<string, string>
        {
            ["NODE_PATH"] = JoinSearchPath("/usr/share/nodejs", "/usr/lib/nodejs", Environment.GetEnvironmentVariable("NODE_PATH")),
        });

    /// <summary>Python websockets as Debian's python3-websockets installs it.</summary>
    /// <remarks>
    /// The Debian package is importable only from Debian's /usr/bin/python3; a python3 earlier on PATH
    /// (pyenv, venv) usually lacks it, so the system interpreter is tried first.
    /// </remarks>
    public static EchoRuntime PythonWebsockets { get; } = new(
        displayName: "Python websockets",
        agentPrefix: "websockets-",
        debianPackage: "python3-websockets",
        scriptFileName: "websockets-echo.py",
        interpreterCandidates: ["/usr/bin/python3", "python3"],
        environment: new Dictionary<string, string>());

    public string DisplayName { get; }

    public string AgentPrefix { get; }

    public string DebianPackage { get; }

    public string ScriptPath { get; }

    /// <summary>The first interpreter that runs the script and loads the library, or null when none does.</summary>
    public string? Interpreter => interpreter.Value;

    public string NotInstalledMessage =>
        $"{DisplayName} is not available: install the Debian package {DebianPackage} (apt-get install -y {DebianPackage}); " +
        $"tried {string.Join(", ", interpreterCandidates)} with {ScriptPath}.";

    /// <summary>Node's http2 module with Node ws on each extended CONNECT stream (tests/interop/ws-http2-echo.js): RFC 8441, h2c.</summary>
    public static EchoRuntime NodeWsOverHttp2 { get; } = new(
        displayName: "Node http2 + ws",
        agentPrefix: "node-http2-ws-",
        debianPackage: "node-ws",
        scriptFileName: "ws-http2-echo.js",
        interpreterCandidates: ["node"],
        environment: NodeWs.environment);

    /// <summary>Node ws's client as an Autobahn client driver (tests/interop/ws-client.js).</summary>
    public static EchoRuntime NodeWsClient { get; } = new(
        displayName: "Node ws client",
        agentPrefix: "ws-",
        debianPackage: "node-ws",
        scriptFileName: "ws-client.js",
        interpreterCandidates: ["node"],
        environment: NodeWs.environment);

    /// <summary>Python websockets' client as an Autobahn client driver (tests/interop/websockets-client.py).</summary>
    public static EchoRuntime PythonWebsocketsClient { get; } = new(
        displayName: "Python websockets client",
        agentPrefix: "websockets-",
        debianPackage: "python3-websockets",
        scriptFileName: "websockets-client.py",
        interpreterCandidates: ["/usr/bin/python3", "python3"],
        environment: new Dictionary<string, string>());

    /// <summary>aiohttp's WebSocket client (Debian python3-aiohttp) as an Autobahn client driver (tests/interop/aiohttp-client.py).</summary>
    public static EchoRuntime AiohttpClient { get; } = new(
        displayName: "aiohttp client",
        agentPrefix: "aiohttp-",
        debianPackage: "python3-aiohttp",
        scriptFileName: "aiohttp-client.py",
        interpreterCandidates: ["/usr/bin/python3", "python3"],
        environment: new Dictionary<string, string>());

    /// <summary>Tornado's WebSocket client (Debian python3-tornado) as an Autobahn client driver (tests/interop/tornado-client.py).</summary>
    public static EchoRuntime TornadoClient { get; } = new(
        displayName: "Tornado client",
        agentPrefix: "tornado-",
        debianPackage: "python3-tornado",
        scriptFileName: "tornado-client.py",
        interpreterCandidates: ["/usr/bin/python3", "python3"],
        environment: new Dictionary<string, string>());

    /// <summary>Starts the script; stdin stays open because the script exits when it closes.</summary>
    /// <param name="arguments">Arguments after the script path (ignored with <paramref name="versionOnly"/>).</param>
    public Process Launch(string interpreterPath, bool versionOnly, IReadOnlyList<string>? arguments = null)
    {
        var startInfo = new ProcessStartInfo(interpreterPath)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add(ScriptPath);
        if (versionOnly)
        {
            startInfo.ArgumentList.Add(VersionOnlyFlag);
        }
        else
        {
            foreach (var argument in arguments ?? [])
            {
                startInfo.ArgumentList.Add(argument);
            }
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        return Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {interpreterPath}.");
    }

    private string? FindWorkingInterpreter()
    {
        if (!File.Exists(ScriptPath))
        {
            throw new FileNotFoundException(
                $"The {DisplayName} echo script is missing from the test output; WsConformance.TestServers.csproj copies tests/interop/ there.",
                ScriptPath);
        }

        return interpreterCandidates.FirstOrDefault(PrintsVersion);
    }

    private bool PrintsVersion(string interpreterPath)
    {
        Process process;
        try
        {
            process = Launch(interpreterPath, versionOnly: true);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // The interpreter itself is not installed.
            return false;
        }

        using (process)
        {
            process.StandardInput.Close();
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(ProbeTimeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return false;
            }

            Task.WaitAll(output, errors);
            return process.ExitCode == 0 && output.Result.StartsWith(ServerOutput.VersionPrefix, StringComparison.Ordinal);
        }
    }

    private static string JoinSearchPath(params string?[] folders) =>
        string.Join(Path.PathSeparator, folders.Where(folder => !string.IsNullOrEmpty(folder)));
}
