using YamlDotNet.RepresentationModel;
using WsConformance.Cases.Model;

namespace WsConformance.Cases.Loading;

/// <summary>
/// Payload forms: a plain string (UTF-8 text), <c>{ text: … }</c>, <c>{ hex: … }</c>, or
/// <c>{ repeat: { text|hex: …, length: N } }</c>, or <c>{ deflated: payload }</c> (that payload compressed per RFC 7692).
/// </summary>
internal static class PayloadReader
{
    private const string RepeatWhat = "repeat";

    /// <summary>A payload where one is asked for; null (reported) when it is malformed.</summary>
    public static PayloadSpec? Read(ReadContext context, YamlNode node, string what)
    {
        var resolved = context.Resolve(node);
        if (resolved is YamlScalarNode)
        {
            return context.String(resolved, "a payload") is { } text ? PayloadSpec.FromText(text) : null;
        }

        var mapping = MappingReader.Open(context, resolved, $"payload of {what}", KnownKeys.Payload);
        return mapping is null ? null : ReadForm(context, mapping, required: true);
    }

    /// <summary>
    /// The one payload form among the fields of <paramref name="mapping"/> (which may hold other fields, as a
    /// message event does); null when there is none or it is malformed, reported unless it is optional.
    /// </summary>
    public static PayloadSpec? ReadForm(ReadContext context, MappingReader mapping, bool required)
    {
        var forms = KnownKeys.Payload.Where(mapping.Has).ToList();
        if (forms.Count > 1)
        {
            context.Error(mapping.KeyNode(forms[1])!, $"a payload has only one of: {string.Join(", ", KnownKeys.Payload)}");
            return null;
        }

        if (forms.Count == 0)
        {
            if (required)
            {
                context.Error(mapping.Mark, $"expected one of: {string.Join(", ", KnownKeys.Payload)} in {mapping.What}");
            }

            return null;
        }

        var value = mapping.Get(forms[0])!;
        return forms[0] switch
        {
            "text" => context.String(value, "a string") is { } text ? PayloadSpec.FromText(text) : null,
            "hex" => Scalars.Hex(context, value) is { } bytes ? new BytesPayload(bytes) : null,
            "deflated" => Read(context, value, "deflated") is { } inner ? new DeflatedPayload(inner) : null,
            _ => ReadRepeat(context, value),
        };
    }

    private static RepeatedPayload? ReadRepeat(ReadContext context, YamlNode node)
    {
        var repeat = MappingReader.Open(context, node, RepeatWhat, KnownKeys.Repeat);
        if (repeat is null)
        {
            return null;
        }

        var length = repeat.Require("length") is { } lengthNode ? Scalars.Integer(context, lengthNode, 0, int.MaxValue) : null;
        byte[]? pattern = null;
        if (repeat.Has("text") == repeat.Has("hex"))
        {
            context.Error(repeat.Mark, "repeat needs exactly one of: text, hex");
        }
        else if (repeat.Get("text") is { } textNode)
        {
            pattern = context.String(textNode, "a string") is { } text ? System.Text.Encoding.UTF8.GetBytes(text) : null;
        }
        else
        {
            pattern = Scalars.Hex(context, repeat.Get("hex")!);
        }

        if (pattern is { Length: 0 } && length > 0)
        {
            context.Error(repeat.Mark, "repeat needs a non-empty pattern to fill a non-zero length");
            return null;
        }

        return pattern is null || length is null ? null : new RepeatedPayload(pattern, length.Value);
    }
}
