using System.Globalization;

namespace Relink.Bench.Measurement;

/// <summary>
/// Where a process's resident memory is, from /proc/PID/smaps: the GC's heap regions, other anonymous memory
/// (native: thread stacks, malloc, the runtime's loader and JIT heaps, SQLite's cache), and file-backed or shared
/// mappings (code, the runtime's W^X double mapping). Tells a growing GC apart from growing native memory without
/// any diagnostics tooling in the server.
/// </summary>
/// <remarks>
/// The GC reserves one huge address range up front (256 GiB on a 64-bit box with plenty of memory) and commits
/// regions inside it, which split the mapping into many adjacent pieces. The heuristic: the maximal run of adjacent
/// anonymous mappings around the largest inaccessible one is the GC's.
/// </remarks>
internal sealed record MemoryMap(long GcRegionsBytes, long NativeBytes, long FileAndSharedBytes)
{
    /// <summary>Smallest inaccessible anonymous mapping taken for the GC's reservation.</summary>
    private const long MinGcReservation = 16L << 30;

    /// <summary>Reads the process's mappings now.</summary>
    public static MemoryMap Read(int processId)
    {
        var maps = Parse(File.ReadLines($"/proc/{processId}/smaps"));
        int reserve = -1;
        for (int i = 0; i < maps.Count; i++)
        {
            var m = maps[i];
            if (m.Anonymous && !m.Accessible && m.End - m.Start >= MinGcReservation && (reserve < 0 || m.End - m.Start > maps[reserve].End - maps[reserve].Start))
            {
                reserve = i;
            }
        }

        int first = reserve, last = reserve;
        while (first > 0 && maps[first - 1].Anonymous && maps[first - 1].End == maps[first].Start)
        {
            first--;
        }

        while (reserve >= 0 && last + 1 < maps.Count && maps[last + 1].Anonymous && maps[last + 1].Start == maps[last].End)
        {
            last++;
        }

        long gc = 0, native = 0, other = 0;
        for (int i = 0; i < maps.Count; i++)
        {
            if (reserve >= 0 && i >= first && i <= last)
            {
                gc += maps[i].ResidentBytes;
            }
            else if (maps[i].Anonymous)
            {
                native += maps[i].ResidentBytes;
            }
            else
            {
                other += maps[i].ResidentBytes;
            }
        }

        return new MemoryMap(gc, native, other);
    }

    private static List<Mapping> Parse(IEnumerable<string> smaps)
    {
        var maps = new List<Mapping>();
        foreach (string line in smaps)
        {
            if (line.StartsWith("Rss:", StringComparison.Ordinal) && maps.Count > 0)
            {
                long kib = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                maps[^1] = maps[^1] with { ResidentBytes = kib * 1024 };
                continue;
            }

            // "start-end perms offset dev inode [name]": a mapping header; the other lines are "Key: value kB".
            int dash = line.IndexOf('-', StringComparison.Ordinal);
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash <= 0 || space < dash || !long.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out long start))
            {
                continue;
            }

            long end = long.Parse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            string[] fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            string name = fields.Length < 6 ? "" : fields[5].Trim();
            bool anonymous = name.Length == 0 || name.StartsWith('['); // [heap] (malloc), [stack], [anon:…]
            maps.Add(new Mapping(start, end, Accessible: fields[1] != "---p", anonymous, 0));
        }

        return maps;
    }

    private sealed record Mapping(long Start, long End, bool Accessible, bool Anonymous, long ResidentBytes);
}
