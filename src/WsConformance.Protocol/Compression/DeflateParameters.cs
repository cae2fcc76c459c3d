using System.Globalization;

namespace WsConformance.Protocol.Compression;

/// <summary>
/// The four permessage-deflate parameters of one offer or response element (RFC 7692 §7.1), read with the
/// checks both sides share: only known names, each at most once, values where the role allows them.
/// </summary>
/// <param name="ClientMaxWindowBits">True when the parameter is present, with or without a value.</param>
/// <param name="ClientMaxWindowBitsValue">Its value when it has one.</param>
public sealed record DeflateParameters(
    bool ServerNoContextTakeover,
    bool ClientNoContextTakeover,
    int? ServerMaxWindowBits,
    bool ClientMaxWindowBits,
    int? ClientMaxWindowBitsValue)
{
    public const string ServerNoContextTakeoverName = "server_no_context_takeover";
    public const string ClientNoContextTakeoverName = "client_no_context_takeover";
    public const string ServerMaxWindowBitsName = "server_max_window_bits";
    public const string ClientMaxWindowBitsName = "client_max_window_bits";

    /// <summary>Whose element is read: an offer's client_max_window_bits may lack a value, a response's may not.</summary>
    public enum Role
    {
        Offer,
        Response,
    }

    /// <summary>Reads the parameters of <paramref name="element"/>; null with the violations when any rule is broken.</summary>
    public static DeflateParameters? Read(ExtensionElement element, Role role, List<DeflateViolation> violations)
    {
        var before = violations.Count;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        bool serverNoContext = false, clientNoContext = false, clientBits = false;
        int? serverBitsValue = null, clientBitsValue = null;
        foreach (var parameter in element.Parameters)
        {
            if (!seen.Add(parameter.Name))
            {
                // "The negotiation offer/response contains multiple extension parameters with the same name." (§7)
                violations.Add(new(DeflateViolationCode.DuplicateParameter, "RFC 7692 §7", $"\"{parameter.Name}\" appears more than once."));
                continue;
            }

            switch (parameter.Name)
            {
                case ServerNoContextTakeoverName:
                    serverNoContext = ExpectNoValue(parameter, "7.1.1.1", violations);
                    break;
                case ClientNoContextTakeoverName:
                    clientNoContext = ExpectNoValue(parameter, "7.1.1.2", violations);
                    break;
                case ServerMaxWindowBitsName:
                    serverBitsValue = ExpectWindowBits(parameter, "7.1.2.1", violations);
                    break;
                case ClientMaxWindowBitsName:
                    clientBits = true;
                    clientBitsValue = parameter.Value is null && role == Role.Offer ? null : ExpectWindowBits(parameter, "7.1.2.2", violations);
                    break;
                default:
                    violations.Add(new(DeflateViolationCode.UnknownParameter, "RFC 7692 §7",
                        $"\"{parameter.Name}\" is not a permessage-deflate parameter."));
                    break;
            }
        }

        return violations.Count > before ? null : new DeflateParameters(serverNoContext, clientNoContext, serverBitsValue, clientBits, clientBitsValue);
    }

    /// <summary>The parameters as header parameters, in the order Autobahn|Testsuite 0.10.9 writes them.</summary>
    public IEnumerable<ExtensionParameter> ToParameters()
    {
        if (ClientNoContextTakeover)
        {
            yield return new(ClientNoContextTakeoverName, null);
        }

        if (ClientMaxWindowBits)
        {
            yield return new(ClientMaxWindowBitsName, ClientMaxWindowBitsValue?.ToString(CultureInfo.InvariantCulture));
        }

        if (ServerNoContextTakeover)
        {
            yield return new(ServerNoContextTakeoverName, null);
        }

        if (ServerMaxWindowBits is { } bits)
        {
            yield return new(ServerMaxWindowBitsName, bits.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static bool ExpectNoValue(ExtensionParameter parameter, string section, List<DeflateViolation> violations)
    {
        // "This extension parameter has no value." (§7.1.1.1, §7.1.1.2)
        if (parameter.Value is not null)
        {
            violations.Add(new(DeflateViolationCode.InvalidValue, $"RFC 7692 §{section}", $"\"{parameter.Name}\" takes no value, got \"{parameter.Value}\"."));
        }

        return true;
    }

    /// <summary>"a decimal integer value without leading zeroes between 8 to 15, inclusive" (§7.1.2.1, §7.1.2.2).</summary>
    private static int? ExpectWindowBits(ExtensionParameter parameter, string section, List<DeflateViolation> violations)
    {
        var value = parameter.Value;
        if (value is { Length: 1 or 2 } && value[0] != '0' && value.All(char.IsAsciiDigit)
            && int.Parse(value, CultureInfo.InvariantCulture) is var bits and >= MessageDeflater.MinWindowBits and <= MessageDeflater.MaxWindowBits)
        {
            return bits;
        }

        violations.Add(new(DeflateViolationCode.InvalidValue, $"RFC 7692 §{section}",
            $"\"{parameter.Name}\" needs a window size from 8 to 15 without leading zeroes, got {(value is null ? "no value" : $"\"{value}\"")}."));
        return null;
    }
}
