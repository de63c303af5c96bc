// Python difflib's similarity ratio and get_close_matches, so "Did you mean" lists match pflow's.
namespace CodeNodeLsp.Dialects.Pflow;

/// <summary>
/// Ratcliff/Obershelp similarity as Python's <c>difflib.SequenceMatcher.ratio()</c> computes it (no junk; difflib's
/// auto-junk only applies to sequences of 200+ items, far longer than any name compared here).
/// </summary>
public static class Similarity
{
    public static double Ratio(string a, string b)
    {
        int total = a.Length + b.Length;
        return total == 0 ? 1.0 : 2.0 * Matches(a, 0, a.Length, b, 0, b.Length) / total;
    }

    /// <summary>difflib.get_close_matches: best first (ties: the later name in ordinal order first, as heapq does).</summary>
    public static List<string> CloseMatches(string word, IEnumerable<string> candidates, int n = 3, double cutoff = 0.6)
    {
        var scored = new List<(double Score, string Name)>();
        foreach (var c in candidates)
        {
            double r = Ratio(word, c);
            if (r >= cutoff) scored.Add((r, c));
        }
        scored.Sort((x, y) => x.Score != y.Score ? y.Score.CompareTo(x.Score) : string.CompareOrdinal(y.Name, x.Name));
        return scored.Take(n).Select(s => s.Name).ToList();
    }

    /// <summary>
    /// The suggestions pflow prints after "unknown parameter": close matches (ratio 0.6 or more) and names that share
    /// the first two characters, best ratio first. Reconstructed from pflow's outputs ('destination' gives
    /// 'dest_path', 'default'; 'path' gives 'file_path'; 'task' and 'next' give nothing).
    /// </summary>
    public static List<string> ParamSuggestions(string name, IEnumerable<string> known)
    {
        var scored = new List<(double Score, string Name)>();
        foreach (var k in known)
        {
            double r = Ratio(name, k);
            bool prefix = name.Length >= 2 && k.Length >= 2 && string.CompareOrdinal(name, 0, k, 0, 2) == 0;
            if (r >= 0.6 || prefix) scored.Add((r, k));
        }
        scored.Sort((x, y) => x.Score != y.Score ? y.Score.CompareTo(x.Score) : string.CompareOrdinal(x.Name, y.Name));
        return scored.Take(3).Select(s => s.Name).Distinct().ToList();
    }

    private static int Matches(string a, int alo, int ahi, string b, int blo, int bhi)
    {
        var (i, j, k) = LongestMatch(a, alo, ahi, b, blo, bhi);
        if (k == 0) return 0;
        return k + Matches(a, alo, i, b, blo, j) + Matches(a, i + k, ahi, b, j + k, bhi);
    }

    /// <summary>The longest common block, earliest in a then in b (difflib's tie-break).</summary>
    private static (int I, int J, int K) LongestMatch(string a, int alo, int ahi, string b, int blo, int bhi)
    {
        int bestI = alo, bestJ = blo, bestK = 0;
        var prev = new int[bhi - blo + 1];
        var cur = new int[bhi - blo + 1];
        for (int i = alo; i < ahi; i++)
        {
            for (int j = blo; j < bhi; j++)
            {
                int k = a[i] == b[j] ? prev[j - blo] + 1 : 0;
                cur[j - blo + 1] = k;
                if (k > bestK)
                {
                    bestK = k;
                    bestI = i - k + 1;
                    bestJ = j - k + 1;
                }
            }
            (prev, cur) = (cur, prev);
            Array.Clear(cur);
        }
        return (bestI, bestJ, bestK);
    }
}
