using Dmarc.Core.Overview;
using ScottPlot;

namespace Dmarc.Adapters.Charts;

/// <summary>
/// The overview charts drawn with ScottPlot 5 as PNG. Colours are the Okabe-Ito palette, which
/// readers with the common colour-vision deficiencies can tell apart, and each series also differs
/// by position (stacking order) or line and marker shape. Text uses DejaVu Sans (the Debian package
/// fonts-dejavu-core the setup scripts install), so every machine draws the same glyphs. Dates on the
/// x axis are UTC days.
/// </summary>
public sealed class ScottPlotCharts : IChartRenderer
{
    public const string FontName = "DejaVu Sans";

    private static readonly Color Blue = Color.FromHex("#0072B2");
    private static readonly Color Orange = Color.FromHex("#E69F00");
    private static readonly Color Vermillion = Color.FromHex("#D55E00");
    private static readonly Color Green = Color.FromHex("#009E73");
    private static readonly Color SkyBlue = Color.FromHex("#56B4E9");
    private static readonly Color Grey = Color.FromHex("#999999");

    public byte[] RenderPng(OverviewChart chart, AccountOverview overview, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(overview);
        using var plot = new Plot();
        switch (chart)
        {
            case OverviewChart.Disposition:
                StackedDays(plot, overview, [("Delivered", Blue, d => d.Delivered), ("Quarantined", Orange, d => d.Quarantined), ("Rejected", Vermillion, d => d.Rejected)]);
                plot.YLabel("Messages");
                break;
            case OverviewChart.DmarcStatus:
                StackedDays(plot, overview, [("DMARC pass", Green, d => d.DmarcPass), ("DMARC fail", Vermillion, d => d.DmarcFail)]);
                plot.YLabel("Messages");
                break;
            case OverviewChart.AuthenticationFailures:
                FailureRates(plot, overview);
                break;
            case OverviewChart.EnforcementStatus:
                HorizontalBars(plot, [.. overview.Enforcement.Select(e => (OverviewCharts.Label(e.Key), (double)e.Value, StatusColour(e.Key)))], "Domains");
                break;
            case OverviewChart.SuspiciousCountries:
                HorizontalBars(plot, [.. overview.SuspiciousCountries.Select(c => (c.Country, (double)c.Messages, Orange))], "Unidentified messages");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(chart), chart, null);
        }

        plot.Title(OverviewCharts.Title(chart));
        plot.Font.Set(FontName);
        plot.Legend.FontName = FontName;
        plot.Legend.FontSize = 14;
        plot.Axes.Title.Label.FontSize = 18;
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.TickLabelStyle.FontSize = 13;
        }
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    private static Color StatusColour(EnforcementStatus status) => status switch
    {
        EnforcementStatus.AtEnforcement => Green,
        EnforcementStatus.Blocked => Blue,
        EnforcementStatus.NotAtEnforcement => Orange,
        _ => Grey,
    };

    /// <summary>One stacked bar per day, the series in the given order from the bottom; a legend below the plot.</summary>
    private static void StackedDays(Plot plot, AccountOverview overview, (string Label, Color Colour, Func<OverviewDay, long> Value)[] series)
    {
        var bars = new List<Bar>();
        foreach (var day in overview.Days)
        {
            var x = day.Day.ToDateTime(TimeOnly.MinValue).ToOADate();
            double bottom = 0;
            foreach (var (_, colour, value) in series)
            {
                var top = bottom + value(day);
                bars.Add(new Bar { Position = x, ValueBase = bottom, Value = top, FillColor = colour, LineWidth = 0, Size = 0.8 });
                bottom = top;
            }
        }

        plot.Add.Bars(bars);
        foreach (var (label, colour, _) in series)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = label, FillColor = colour });
        }

        DateAxis(plot, overview);
        plot.Axes.Margins(bottom: 0);
        if (overview.Days.All(d => d.Messages == 0))
        {
            plot.Axes.SetLimitsY(0, 10);
        }

        plot.ShowLegend(Edge.Bottom);
    }

    private static void FailureRates(Plot plot, AccountOverview overview)
    {
        var sending = overview.Days.Where(d => d.Messages > 0).ToArray();
        double[] xs = [.. sending.Select(d => d.Day.ToDateTime(TimeOnly.MinValue).ToOADate())];
        var spf = plot.Add.Scatter(xs, sending.Select(d => d.SpfFailureRate).ToArray());
        spf.LegendText = "SPF failure rate";
        spf.Color = Blue;
        spf.LineWidth = 2;
        spf.MarkerShape = MarkerShape.FilledCircle;
        spf.MarkerSize = 6;
        var dkim = plot.Add.Scatter(xs, sending.Select(d => d.DkimFailureRate).ToArray());
        dkim.LegendText = "DKIM failure rate";
        dkim.Color = Orange;
        dkim.LineWidth = 2;
        dkim.LinePattern = LinePattern.Dashed;
        dkim.MarkerShape = MarkerShape.FilledSquare;
        dkim.MarkerSize = 6;
        DateAxis(plot, overview);
        // Up to a round ten above the highest rate (at least 10 %, at most 100 %), so small rates are not flattened.
        var highest = sending.Select(d => Math.Max(d.SpfFailureRate, d.DkimFailureRate)).DefaultIfEmpty(0).Max();
        plot.Axes.SetLimitsY(0, Math.Clamp(Math.Ceiling(highest * 1.2 / 10) * 10, 10, 100));
        plot.YLabel("Messages failing (%)");
        plot.ShowLegend(Edge.Bottom);
    }

    /// <summary>UTC days on the x axis, the whole period shown even where no mail came.</summary>
    private static void DateAxis(Plot plot, AccountOverview overview)
    {
        var axis = plot.Axes.DateTimeTicksBottom();
        if (axis.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic ticks)
        {
            ticks.LabelFormatter = d => d.ToString("MMM d", System.Globalization.CultureInfo.InvariantCulture);
        }
        plot.Axes.SetLimitsX(overview.From.ToDateTime(TimeOnly.MinValue).ToOADate() - 0.6, overview.To.ToDateTime(TimeOnly.MinValue).ToOADate() + 0.6);
        plot.XLabel("Day (UTC)");
    }

    /// <summary>One labelled horizontal bar per item, largest on top, the value written at the end of each bar.</summary>
    private static void HorizontalBars(Plot plot, (string Label, double Value, Color Colour)[] items, string valueLabel)
    {
        var bars = items.Select((item, i) => new Bar
        {
            Position = items.Length - 1 - i,
            Value = item.Value,
            FillColor = item.Colour,
            LineWidth = 0,
            Label = item.Value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            Size = 0.7,
        }).ToArray();
        var plotted = plot.Add.Bars(bars);
        plotted.Horizontal = true;
        plotted.ValueLabelStyle.FontSize = 14;
        plotted.ValueLabelStyle.FontName = FontName;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. bars.Select(b => b.Position)], [.. items.Select(i => i.Label)]);
        plot.Axes.Margins(left: 0, right: 0.15);
        if (items.Length == 0 || items.All(i => i.Value == 0))
        {
            plot.Axes.SetLimitsX(0, 10);
        }

        plot.XLabel(valueLabel);
    }
}
