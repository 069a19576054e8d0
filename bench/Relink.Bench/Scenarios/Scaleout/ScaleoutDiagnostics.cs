namespace Relink.Bench.Scenarios.Scaleout;

/// <summary>
/// Where a scale-out run that went wrong leaves what explains it (<see cref="Folder"/>, beside the quick reports):
/// the nodes' output, the missing messages' accounts.
/// </summary>
internal static class ScaleoutDiagnostics
{
    /// <summary>The folder, made on first use.</summary>
    public static string Folder
    {
        get
        {
            string folder = Path.Combine(Path.GetTempPath(), "relink-bench");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    /// <summary>
    /// Writes what every node printed so far to a file each (node 0's up to its kill, kept by its process handle),
    /// and logs where; a node with nothing kept gets no file.
    /// </summary>
    public static async Task WriteNodeOutputsAsync(IScaleoutCluster cluster, TextWriter log, CancellationToken cancellationToken)
    {
        for (int n = 0; n < cluster.Nodes; n++)
        {
            string output = cluster.NodeOutput(n);
            if (output.Length == 0)
            {
                log.WriteLine($"  node {n} printed nothing (or the bench keeps none of it)");
                continue;
            }

            string file = Path.Combine(Folder, $"scaleout-{cluster.Product}-node{n}.log");
            await File.WriteAllTextAsync(file, output, cancellationToken);
            log.WriteLine($"  node {n}'s output: {file}");
        }
    }
}
