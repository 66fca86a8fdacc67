using Dmarc.Adapters.Charts;
using Dmarc.Core.Overview;
using SkiaSharp;

namespace Dmarc.Adapters.Tests.Charts;

/// <summary>Every chart renders for generated data as a PNG of the asked size (set DMARC_CHART_DIR to keep the files for a look).</summary>
public class ScottPlotChartsTests
{
    public static TheoryData<OverviewChart> Charts() => [.. Enum.GetValues<OverviewChart>()];

    [Theory]
    [MemberData(nameof(Charts))]
    public void A_chart_of_a_month_decodes_as_a_png_of_the_asked_size(OverviewChart chart)
    {
        var png = new ScottPlotCharts().RenderPng(chart, ChartData.Month(), 800, 400);

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((800, 400), (bitmap.Width, bitmap.Height));
        Assert.True(Colours(bitmap) > 3, "the chart draws more than a blank canvas");
        Keep(chart, png);
    }

    [Theory]
    [MemberData(nameof(Charts))]
    public void A_chart_of_an_account_without_mail_still_renders(OverviewChart chart)
    {
        var empty = ChartData.Month(7) is var month ? month with
        {
            Totals = new OverviewTotals(0, 0, 0, 0, 0, 0),
            Days = [.. month.Days.Select(d => new OverviewDay(d.Day, 0, 0, 0, 0, 0, 0, 0, 0))],
            Domains = [],
            SuspiciousCountries = [],
        } : null!;

        using var bitmap = SKBitmap.Decode(new ScottPlotCharts().RenderPng(chart, empty, 600, 300));

        Assert.Equal((600, 300), (bitmap.Width, bitmap.Height));
    }

    private static int Colours(SKBitmap bitmap)
    {
        var seen = new HashSet<SKColor>();
        for (var y = 0; y < bitmap.Height; y += 7)
        {
            for (var x = 0; x < bitmap.Width; x += 7)
            {
                seen.Add(bitmap.GetPixel(x, y));
            }
        }

        return seen.Count;
    }

    private static void Keep(OverviewChart chart, byte[] png)
    {
        if (Environment.GetEnvironmentVariable("DMARC_CHART_DIR") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            File.WriteAllBytes(Path.Combine(dir, OverviewCharts.Slug(chart) + ".png"), png);
        }
    }
}
