namespace Relink.Bench.Reporting;

/// <summary>
/// Where a scenario writes its report: a document under docs/ of the repository (benchmarks.md unless the scenario
/// says otherwise) for full runs, a temp folder for <c>--quick</c> smoke runs (so they never overwrite real numbers),
/// or <c>--report PATH</c>.
/// </summary>
internal sealed record ReportTarget(string MarkdownPath)
{
    /// <summary>The folder charts are written to, beside the Markdown so relative links work.</summary>
    public string Folder => Path.GetDirectoryName(Path.GetFullPath(MarkdownPath))!;

    /// <summary>Reads <c>--report PATH</c>, defaulting by run kind to <paramref name="document"/> under docs/ or a temp folder.</summary>
    public static ReportTarget From(BenchArguments args, bool quick, string document = "benchmarks.md")
    {
        if (args.Text("--report") is { } path)
        {
            return new ReportTarget(path);
        }

        string? root = ReportDocument.FindRepositoryRoot();
        return quick || root is null
            ? new ReportTarget(Path.Combine(Path.GetTempPath(), "relink-bench", document))
            : new ReportTarget(Path.Combine(root, "docs", document));
    }

    /// <summary>Writes a generated section of the Markdown report.</summary>
    public void WriteSection(string name, string markdown)
    {
        Directory.CreateDirectory(Folder);
        ReportDocument.WriteSection(MarkdownPath, name, markdown);
    }

    /// <summary>Writes a file (a chart) beside the Markdown; returns its name for a relative link.</summary>
    public string WriteBeside(string fileName, string content)
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(Path.Combine(Folder, fileName), content);
        return fileName;
    }
}
