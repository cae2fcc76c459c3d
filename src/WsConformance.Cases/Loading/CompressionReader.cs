using YamlDotNet.RepresentationModel;
using WsConformance.Cases.DataSets;
using WsConformance.Cases.Model;

namespace WsConformance.Cases.Loading;

/// <summary>Reads <c>compression:</c> (the permessage-deflate offers of a case) and <c>slices:</c> (messages cut from a data set).</summary>
internal static class CompressionReader
{
    /// <summary><c>compression: { offers: [ "permessage-deflate; …", … ], declined: UNIMPLEMENTED }</c>, or <c>none</c>.</summary>
    public static CompressionSetting? Read(ReadContext context, YamlNode node)
    {
        if (context.Resolve(node) is YamlScalarNode { Value: Vocabulary.NoCompression })
        {
            return new CompressionSetting(null);
        }

        var m = MappingReader.Open(context, node, "compression", KnownKeys.Compression);
        if (m is null)
        {
            return null;
        }

        var offers = m.Require("offers") is { } offersNode ? Scalars.List(context, offersNode, "offers", o => OfferText(context, o)) : null;
        if (offers is { Count: 0 } && context.Resolve(m.Get("offers")!) is YamlSequenceNode { Children.Count: 0 })
        {
            context.Error(m.KeyNode("offers")!, "compression needs at least one offer");
            return null;
        }

        var declined = m.Get("declined") is { } declinedNode ? Scalars.Choice(context, declinedNode, Vocabulary.Verdicts) : null;
        return offers is null ? null : new CompressionSetting(new CompressionNegotiation(offers, declined));
    }

    /// <summary><c>slices: { data: json, size: 4096 }</c>: one of the generated data sets and the message size in its units.</summary>
    public static DataSlices? ReadSlices(ReadContext context, YamlNode node)
    {
        var m = MappingReader.Open(context, node, "slices", KnownKeys.Slices);
        if (m is null)
        {
            return null;
        }

        var size = m.Require("size") is { } sizeNode ? Scalars.Int(context, sizeNode, 0) : null;
        DataSet? data = null;
        if (m.Require("data") is { } dataNode && context.Text(dataNode, "a data set name") is { } name)
        {
            data = GeneratedDataSets.Get(name);
            if (data is null)
            {
                context.Error(dataNode, Suggestions.Unknown("data set", name, [.. GeneratedDataSets.Names]));
            }
        }

        return data is null || size is null ? null : new DataSlices(data, size.Value);
    }

    private static string? OfferText(ReadContext context, YamlNode node)
    {
        var text = Scalars.NonEmpty(context, node, "an extension offer like \"permessage-deflate; client_max_window_bits\"");
        if (text is not null && text.Contains(',', StringComparison.Ordinal))
        {
            context.Error(node, "one offer per list item: an offer cannot contain ','");
            return null;
        }

        return text;
    }
}
