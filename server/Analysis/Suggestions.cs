// "Did you mean ...?": the one place that picks the closest known name to a misspelt one, for every dialect.
namespace CodeNodeLsp.Analysis;

public static class Suggestions
{
    /// <summary>
    /// The candidate closest to <paramref name="name"/>, or null when none is close enough to be a likely typo.
    /// A case-insensitive equal wins outright; otherwise the smallest edit distance (adjacent swaps count as one
    /// edit) within a third of the longer name's length, at least one. Ties keep the earlier candidate, so results
    /// are stable for a stable candidate order.
    /// </summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            if (candidate == name) continue;
            if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase)) return candidate;
            int limit = Math.Max(1, Math.Max(candidate.Length, name.Length) / 3);
            int d = Distance(name, candidate, limit);
            if (d <= limit && d < bestDistance)
            {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /// <summary>The message tail used after an unknown name: " Did you mean \"x\"?" or an empty string.</summary>
    public static string DidYouMean(string name, IEnumerable<string> candidates) =>
        Closest(name, candidates) is { } s ? $" Did you mean \"{s}\"?" : "";

    /// <summary>
    /// Optimal-string-alignment distance, compared case-insensitively; returns a value above
    /// <paramref name="limit"/> as soon as the answer is known to exceed it, so long names cost little.
    /// </summary>
    public static int Distance(string a, string b, int limit = int.MaxValue)
    {
        if (Math.Abs(a.Length - b.Length) > limit) return limit == int.MaxValue ? Math.Abs(a.Length - b.Length) : limit + 1;
        var prev2 = new int[b.Length + 1];
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            int rowMin = cur[0];
            char ca = char.ToLowerInvariant(a[i - 1]);
            for (int j = 1; j <= b.Length; j++)
            {
                char cb = char.ToLowerInvariant(b[j - 1]);
                int cost = ca == cb ? 0 : 1;
                int v = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && ca == char.ToLowerInvariant(b[j - 2]) && char.ToLowerInvariant(a[i - 2]) == cb)
                    v = Math.Min(v, prev2[j - 2] + 1);
                cur[j] = v;
                if (v < rowMin) rowMin = v;
            }
            if (rowMin > limit) return limit + 1;
            (prev2, prev, cur) = (prev, cur, prev2);
        }
        return prev[b.Length];
    }
}
