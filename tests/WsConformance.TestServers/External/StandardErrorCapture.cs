using System.Diagnostics;
using System.Text;

namespace WsConformance.TestServers.External;

/// <summary>
/// Collects a process's stderr as it arrives, so a failed start can say why and the pipe never fills up
/// and blocks the server.
/// </summary>
internal sealed class StandardErrorCapture
{
    private readonly StringBuilder text = new();

    public StandardErrorCapture(Process process)
    {
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }

            lock (text)
            {
                text.AppendLine(line.Data);
            }
        };
        process.BeginErrorReadLine();
    }

    /// <summary>Everything read so far; complete once the process has exited and been waited for.</summary>
    public override string ToString()
    {
        lock (text)
        {
            return text.Length == 0 ? "(stderr was empty)" : text.ToString().TrimEnd();
        }
    }
}
