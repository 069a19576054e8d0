using System.Net;
using System.Text;
using static System.FormattableString;

namespace Relink.Bench.Reporting;

/// <summary>One line of a chart: a name for the legend, a colour, solid or dashed, and its points.</summary>
internal sealed record ChartSeries(string Name, string Color, bool Dashed, IReadOnlyList<(double X, double Y)> Points);

/// <summary>A small self-contained SVG line chart (axes from zero, gridlines, markers, legend): no library needed.</summary>
internal static class SvgLineChart
{
    private const int Width = 760, Height = 420, Left = 70, Right = 230, Top = 40, Bottom = 55;

    /// <summary>Renders the series on shared axes that start at zero.</summary>
    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series)
    {
        var points = series.SelectMany(s => s.Points).ToList();
        double xStep = NiceStep(points.Count == 0 ? 1 : points.Max(p => p.X) / 5);
        double yStep = NiceStep(points.Count == 0 ? 1 : points.Max(p => p.Y) / 5);
        double xMax = xStep * Math.Ceiling((points.Count == 0 ? 1 : points.Max(p => p.X)) / xStep);
        double yMax = yStep * Math.Ceiling((points.Count == 0 ? 1 : points.Max(p => p.Y) * 1.05) / yStep); // headroom above the top point
        const int plotWidth = Width - Left - Right, plotHeight = Height - Top - Bottom;
        double X(double x) => Left + x / xMax * plotWidth;
        double Y(double y) => Top + plotHeight - y / yMax * plotHeight;

        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        svg.Append(Invariant($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n"));
        svg.Append(Invariant($"<text x=\"{Width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">{Escape(title)}</text>\n"));
        for (double x = 0; x <= xMax + xStep / 2; x += xStep)
        {
            svg.Append(Invariant($"<line x1=\"{X(x):0.#}\" y1=\"{Top}\" x2=\"{X(x):0.#}\" y2=\"{Top + plotHeight}\" stroke=\"#e4e4e4\"/>"));
            svg.Append(Invariant($"<text x=\"{X(x):0.#}\" y=\"{Top + plotHeight + 16}\" text-anchor=\"middle\">{x:#,0}</text>\n"));
        }

        for (double y = 0; y <= yMax + yStep / 2; y += yStep)
        {
            svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{Y(y):0.#}\" x2=\"{Left + plotWidth}\" y2=\"{Y(y):0.#}\" stroke=\"#e4e4e4\"/>"));
            svg.Append(Invariant($"<text x=\"{Left - 6}\" y=\"{Y(y) + 4:0.#}\" text-anchor=\"end\">{y:#,0.##}</text>\n"));
        }

        svg.Append(Invariant($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotWidth}\" height=\"{plotHeight}\" fill=\"none\" stroke=\"#444\"/>\n"));
        svg.Append(Invariant($"<text x=\"{Left + plotWidth / 2}\" y=\"{Height - 14}\" text-anchor=\"middle\">{Escape(xLabel)}</text>\n"));
        svg.Append(Invariant($"<text transform=\"translate(18 {Top + plotHeight / 2}) rotate(-90)\" text-anchor=\"middle\">{Escape(yLabel)}</text>\n"));

        for (int i = 0; i < series.Count; i++)
        {
            var line = series[i];
            string dash = line.Dashed ? " stroke-dasharray=\"6 4\"" : "";
            string path = string.Join(' ', line.Points.Select(p => Invariant($"{X(p.X):0.#},{Y(p.Y):0.#}")));
            svg.Append(Invariant($"<polyline points=\"{path}\" fill=\"none\" stroke=\"{line.Color}\" stroke-width=\"2\"{dash}/>\n"));
            foreach (var p in line.Points)
            {
                svg.Append(Invariant($"<circle cx=\"{X(p.X):0.#}\" cy=\"{Y(p.Y):0.#}\" r=\"3.5\" fill=\"{line.Color}\"/>"));
            }

            int legendY = Top + 10 + i * 22;
            svg.Append(Invariant($"\n<line x1=\"{Width - Right + 15}\" y1=\"{legendY}\" x2=\"{Width - Right + 45}\" y2=\"{legendY}\" stroke=\"{line.Color}\" stroke-width=\"2\"{dash}/>"));
            svg.Append(Invariant($"<text x=\"{Width - Right + 52}\" y=\"{legendY + 4}\">{Escape(line.Name)}</text>\n"));
        }

        return svg.Append("</svg>\n").ToString();
    }

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="rough"/>: gridlines people can read.</summary>
    private static double NiceStep(double rough)
    {
        if (rough <= 0 || double.IsNaN(rough))
        {
            return 1;
        }

        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        return new[] { 1, 2, 5, 10 }.Select(m => m * power).First(step => step >= rough);
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
