using System.Text;

namespace Relink.Bench.Reporting;

/// <summary>A GitHub-flavoured Markdown table, numbers right-aligned.</summary>
internal sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    /// <summary>Adds a row; cells beyond the headers are an error.</summary>
    public MarkdownTable Row(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"A row needs {headers.Length} cells, not {cells.Length}.");
        }

        _rows.Add(cells);
        return this;
    }

    /// <summary>The table; the first column left-aligned, the others right-aligned.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", headers).AppendLine(" |");
        text.Append("|---").Append(string.Concat(Enumerable.Repeat("|---:", headers.Length - 1))).AppendLine("|");
        foreach (string[] row in _rows)
        {
            text.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        }

        return text.ToString();
    }
}
