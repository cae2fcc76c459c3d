using WsConformance.Protocol.Handshake;
using WsConformance.Protocol.Http2.Hpack;

namespace WsConformance.Protocol.Http2;

/// <summary>The rules RFC 9113 §8.2 and §8.3 set for the field section of every HTTP/2 request or response.</summary>
internal static class Http2FieldSection
{
    private const string PseudoHeaderSection = "RFC 9113 §8.3";

    /// <summary>§8.2.2: fields that only make sense for one HTTP/1.1 connection make an HTTP/2 message malformed.</summary>
    private static readonly string[] ConnectionSpecificFields = ["connection", "proxy-connection", "keep-alive", "transfer-encoding", "upgrade"];

    /// <summary>
    /// Checks that names are lower case, that no connection-specific field appears, and that pseudo-headers are
    /// among <paramref name="definedPseudoHeaders"/>, appear at most once and come before every regular field; each
    /// break is reported as <paramref name="malformed"/>. Returns the (first) value of each defined pseudo-header present.
    /// </summary>
    public static Dictionary<string, string> Check(
        IReadOnlyList<HeaderField> fields, string[] definedPseudoHeaders, HandshakeViolationCode malformed, List<HandshakeViolation> violations)
    {
        var pseudoHeaders = new Dictionary<string, string>(StringComparer.Ordinal);
        bool regularFieldSeen = false;
        foreach (HeaderField field in fields)
        {
            if (field.Name.Any(char.IsAsciiLetterUpper))
            {
                violations.Add(new(malformed, "RFC 9113 §8.2.1", $"Field name \"{field.Name}\" has upper-case letters."));
            }

            if (!field.Name.StartsWith(':'))
            {
                regularFieldSeen = true;
                if (ConnectionSpecificFields.Contains(field.Name, StringComparer.OrdinalIgnoreCase))
                {
                    violations.Add(new(malformed, "RFC 9113 §8.2.2", $"\"{field.Name}\" is a connection-specific field, which HTTP/2 forbids."));
                }
            }
            else
            {
                if (PseudoHeaderProblem(field.Name, regularFieldSeen, definedPseudoHeaders, pseudoHeaders) is { } problem)
                {
                    violations.Add(new(malformed, PseudoHeaderSection, problem));
                }

                if (definedPseudoHeaders.Contains(field.Name, StringComparer.Ordinal))
                {
                    pseudoHeaders.TryAdd(field.Name, field.Value);
                }
            }
        }

        return pseudoHeaders;
    }

    private static string? PseudoHeaderProblem(string name, bool regularFieldSeen, string[] defined, Dictionary<string, string> seen) =>
        regularFieldSeen ? $"Pseudo-header {name} follows a regular field."
        : !defined.Contains(name, StringComparer.Ordinal) ? $"Pseudo-header {name} is not defined for this message."
        : seen.ContainsKey(name) ? $"Pseudo-header {name} appears more than once."
        : null;
}
