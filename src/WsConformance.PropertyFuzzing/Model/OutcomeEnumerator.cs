using WsConformance.Cases.Model;

namespace WsConformance.PropertyFuzzing.Model;

/// <summary>
/// Lists the event sequences a conformant server may produce from a timeline. Echoes keep their order and so do
/// pongs; a pong may overtake echoes of messages that completed before its ping (a pong is the protocol layer's
/// answer, an echo the application's) but never one that completed after it. A tagged pause's timeout event comes
/// after everything caused after the pause and may come before or after what was caused earlier (a slow server).
/// </summary>
internal sealed class OutcomeEnumerator(int maxOutcomes)
{
    private readonly Dictionary<string, EventAlternative> _found = new(StringComparer.Ordinal);
    private Verdict _verdict;
    private readonly Dictionary<ExpectedEvent, int> _ids = new(ReferenceEqualityComparer.Instance);

    /// <summary>False once more than the allowed number of sequences turned up.</summary>
    public bool WithinLimit => _found.Count <= maxOutcomes;

    /// <summary>Every sequence found, each with the verdict of the first <see cref="Add"/> that produced it.</summary>
    public IReadOnlyList<EventAlternative> Alternatives => [.. _found.Values];

    /// <summary>
    /// Adds every order of <paramref name="outputs"/> (all of them, or with <paramref name="prefixes"/> every prefix of
    /// every order), with the <paramref name="requiredTags"/> and, optionally in order, the <paramref name="optionalTags"/>.
    /// </summary>
    public void Add(Verdict verdict, IReadOnlyList<ServerOutput> outputs, IReadOnlyList<TagMark> requiredTags, IReadOnlyList<TagMark> optionalTags, bool prefixes)
    {
        _verdict = verdict;
        foreach (var order in Orders(outputs))
        {
            for (var length = prefixes ? 0 : order.Count; length <= order.Count && WithinLimit; length++)
            {
                var shown = order.Take(length).ToList();
                for (var extra = 0; extra <= optionalTags.Count && WithinLimit; extra++)
                {
                    var tags = requiredTags.Concat(optionalTags.Take(extra)).ToList();
                    if (shown.Any(o => optionalTags.Skip(extra).Any(t => o.Cause > t.Position)))
                    {
                        continue; // something caused after a pause that never ran out
                    }

                    PlaceTags(shown, tags, 0, []);
                }
            }

            if (!WithinLimit)
            {
                return;
            }
        }
    }

    /// <summary>Every order of the outputs the rules allow; the first is the order of their causes.</summary>
    private IEnumerable<IReadOnlyList<ServerOutput>> Orders(IReadOnlyList<ServerOutput> outputs)
    {
        var messages = outputs.Where(o => !o.IsPong).ToList();
        var pongs = outputs.Where(o => o.IsPong).ToList();
        var results = new List<IReadOnlyList<ServerOutput>>();
        Merge(messages, pongs, 0, 0, [], results);
        return results;
    }

    private void Merge(List<ServerOutput> messages, List<ServerOutput> pongs, int m, int p, List<ServerOutput> current, List<IReadOnlyList<ServerOutput>> results)
    {
        if (results.Count > maxOutcomes)
        {
            return;
        }

        if (m == messages.Count && p == pongs.Count)
        {
            results.Add([.. current]);
            return;
        }

        // An echo may go next only once every pong whose ping came before its message is out.
        if (m < messages.Count && pongs.Skip(p).All(pong => pong.Cause > messages[m].Cause))
        {
            current.Add(messages[m]);
            Merge(messages, pongs, m + 1, p, current, results);
            current.RemoveAt(current.Count - 1);
        }

        if (p < pongs.Count)
        {
            current.Add(pongs[p]);
            Merge(messages, pongs, m, p + 1, current, results);
            current.RemoveAt(current.Count - 1);
        }
    }

    private void PlaceTags(List<ServerOutput> shown, List<TagMark> tags, int tagIndex, List<ExpectedEvent> prefix)
    {
        if (!WithinLimit)
        {
            return;
        }

        if (tagIndex == tags.Count)
        {
            Record([.. prefix, .. shown.Select(o => o.Event)]);
            return;
        }

        // The tag goes before every output caused after its pause, and anywhere earlier.
        var tag = tags[tagIndex];
        var latest = shown.FindIndex(o => o.Cause > tag.Position);
        latest = latest < 0 ? shown.Count : latest;
        for (var at = 0; at <= latest; at++)
        {
            var before = prefix.Concat(shown.Take(at).Select(o => o.Event)).Append(new ExpectedTimeout(tag.Tag)).ToList();
            PlaceTags(shown.Skip(at).ToList(), tags, tagIndex + 1, before);
        }
    }

    private void Record(IReadOnlyList<ExpectedEvent> sequence) => _found.TryAdd(Key(sequence), new EventAlternative(_verdict, sequence));

    /// <summary>Events of one timeline are the same instances in every sequence, so their identity is their key.</summary>
    private string Key(IReadOnlyList<ExpectedEvent> events) => string.Join(",", events.Select(e => e is ExpectedTimeout timeout
        ? "t" + timeout.Tag
        : (_ids.TryGetValue(e, out var id) ? id : _ids[e] = _ids.Count).ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
