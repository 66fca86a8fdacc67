using System.Text.RegularExpressions;
using Dmarc.Core.Notifications;
using Dmarc.Tests.Shared;
using SkiaSharp;

namespace Dmarc.Adapters.Tests.Email;

/// <summary>
/// Every e-mail the service sends, rendered by headless Chromium (Debian's chromium, which the test
/// command installs) at 360 and 900 px: the PNGs decode at that width, and a marker the test adds to
/// its own copy of the page shows whether the content is wider than the window (no sideways
/// scrolling at 360 px). The HTML itself has no script, style sheet or remote resource; inline
/// images (cid:) are shown from the message's own parts, as a mail client shows them.
/// DMARC_EMAIL_DIR keeps the PNGs (docs/task-email.png comes from there).
/// </summary>
public sealed partial class EmailRenderingTests
{
    private static readonly int[] Widths = [360, 900];

    public static TheoryData<string> Emails => [.. SampleEmails.Names];

    [Theory]
    [MemberData(nameof(Emails))]
    public async Task The_email_renders_at_360_and_900_px_without_scrolling_sideways(string name)
    {
        var email = SampleEmails.Get(name);
        Assert.DoesNotMatch(RemoteOrActive(), email.Html);
        Assert.Contains("max-width:600px", email.Html, StringComparison.Ordinal);

        var work = Directory.CreateTempSubdirectory("dmarc-email-");
        try
        {
            var page = Path.Combine(work.FullName, name + ".html");
            await File.WriteAllTextAsync(page, WithWidthMarker(WithInlineImages(email)));
            var shots = await Task.WhenAll(Widths.Select(w => ScreenshotAsync(page, w, work.FullName)));
            foreach (var (width, png) in Widths.Zip(shots))
            {
                using var bitmap = SKBitmap.Decode(png);
                Assert.NotNull(bitmap);
                Assert.Equal(width, bitmap.Width);
                var marker = bitmap.GetPixel(2, 2);
                Assert.True(marker is { Red: < 64, Green: > 192 }, $"{name} at {width} px is wider than the window (marker {marker})");
                if (Environment.GetEnvironmentVariable("DMARC_EMAIL_DIR") is { Length: > 0 } keep)
                {
                    Directory.CreateDirectory(keep);
                    await File.WriteAllBytesAsync(Path.Combine(keep, $"{name}-{width}.png"), png);
                }
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<byte[]> ScreenshotAsync(string page, int width, string work)
    {
        var png = Path.Combine(work, $"{width}.png");
        await CommandLine.RunAsync("chromium",
            ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", $"--user-data-dir={Path.Combine(work, $"profile-{width}")}",
             $"--window-size={width},2400", $"--screenshot={png}", new Uri(page).AbsoluteUri], work);
        return await File.ReadAllBytesAsync(png);
    }

    /// <summary>The cid: images as data: URIs, from the message's inline parts.</summary>
    private static string WithInlineImages(EmailMessage email) =>
        email.Images.Aggregate(email.Html, (html, image) => html.Replace("cid:" + image.ContentId, "data:image/png;base64," + Convert.ToBase64String(image.Png), StringComparison.Ordinal));

    /// <summary>The test's own marker in the top-left corner: green when the page fits the window, red when it scrolls sideways.</summary>
    private static string WithWidthMarker(string html) => html.Replace("</body>",
        "<script>var wide=document.documentElement.scrollWidth>window.innerWidth;var m=document.createElement('div');"
        + "m.style.cssText='position:fixed;top:0;left:0;width:6px;height:6px;z-index:99;background:'+(wide?'#ff0000':'#00ff00');document.body.appendChild(m);</script></body>",
        StringComparison.Ordinal);

    [GeneratedRegex(@"<script|<link|<style|<iframe|src=""https?:|url\(", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteOrActive();
}
