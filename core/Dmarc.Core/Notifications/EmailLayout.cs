using System.Globalization;
using System.Net;
using System.Text;

namespace Dmarc.Core.Notifications;

/// <summary>
/// The layout every e-mail of the service shares, built block by block into an HTML part and a text
/// part of the same content. The HTML is laid out for mail clients: nested tables, inline styles
/// only (no style sheet, no script, nothing loaded from elsewhere), 600 px wide at most and fluid
/// below that, so it reads at 360 px; long names wrap instead of widening the page.
/// </summary>
public sealed class EmailLayout
{
    public const string Font = "font-family:Arial,Helvetica,sans-serif;color:#1a1a1a";
    public const string Cell = "padding:6px 8px;border-bottom:1px solid #dddddd;text-align:left;vertical-align:top;overflow-wrap:break-word";
    public const string Accent = "#0072B2";
    private const string Block = "padding:12px 16px;font-size:14px;line-height:1.45";

    private readonly StringBuilder _html = new();
    private readonly StringBuilder _text = new();

    public EmailLayout(string heading)
    {
        Heading = heading;
        _html.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"padding:16px;background:{Accent};color:#ffffff\"><h1 style=\"margin:0;font-size:20px;line-height:1.3\">{E(heading)}</h1></td></tr>");
        _text.AppendLine(heading).AppendLine();
    }

    public string Heading { get; }

    /// <summary>A paragraph; line breaks in <paramref name="text"/> stay line breaks.</summary>
    public EmailLayout Paragraph(string text)
    {
        _html.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"{Block}\"><p style=\"margin:0\">{Lines(text)}</p></td></tr>");
        _text.AppendLine(text).AppendLine();
        return this;
    }

    /// <summary>A small two-column table of labels and values under an optional heading; <paramref name="numbers"/> right-aligns the values in bold (counts).</summary>
    public EmailLayout Table(string? heading, IEnumerable<(string Label, string Value)> rows, bool numbers = false)
    {
        ArgumentNullException.ThrowIfNull(rows);
        _html.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"{Block}\">");
        if (heading is not null)
        {
            _html.Append(CultureInfo.InvariantCulture, $"<h2 style=\"font-size:16px;margin:0 0 8px\">{E(heading)}</h2>");
            _text.AppendLine(heading);
        }

        _html.Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"font-size:14px;border-collapse:collapse\">");
        foreach (var (label, value) in rows)
        {
            var align = numbers ? ";text-align:right;white-space:nowrap;font-weight:bold" : "";
            // Labels keep their words whole (a label broken mid-word is hard to read at 360 px); values may wrap anywhere.
            _html.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"{Cell};overflow-wrap:normal;word-break:normal;width:35%\">{E(label)}</td><td style=\"{Cell}{align}\">{Lines(value)}</td></tr>");
            _text.Append(label).Append(": ").AppendLine(value);
        }

        _html.Append("</table></td></tr>");
        _text.AppendLine();
        return this;
    }

    /// <summary>A section: a heading, what it means and what to do, the items (names), and a closing line for what is not listed.</summary>
    public EmailLayout Section(string heading, string text, IReadOnlyList<string> items, string? more = null, Uri? moreLink = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        _html.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"{Block}\"><h2 style=\"font-size:16px;margin:0 0 6px\">{E(heading)}</h2><p style=\"margin:0 0 6px\">{Lines(text)}</p>");
        _text.AppendLine(heading).AppendLine(text);
        if (items.Count > 0)
        {
            _html.Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"font-size:14px;border-collapse:collapse\">");
            foreach (var item in items)
            {
                _html.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"padding:2px 0 2px 12px;font-family:Consolas,Menlo,monospace;overflow-wrap:anywhere;word-break:break-all\">{E(item)}</td></tr>");
                _text.Append("  - ").AppendLine(item);
            }

            _html.Append("</table>");
        }

        if (more is not null)
        {
            var shown = moreLink is null ? E(more) : $"{E(more)} <a href=\"{E(moreLink.ToString())}\" style=\"color:{Accent};overflow-wrap:anywhere\">{E(moreLink.ToString())}</a>";
            _html.Append(CultureInfo.InvariantCulture, $"<p style=\"margin:6px 0 0\">{shown}</p>");
            _text.AppendLine(moreLink is null ? more : $"{more} {moreLink}");
        }

        _html.Append("</td></tr>");
        _text.AppendLine();
        return this;
    }

    /// <summary>A link shown as a button (and as the address in the text part).</summary>
    public EmailLayout Button(string label, Uri link)
    {
        ArgumentNullException.ThrowIfNull(link);
        _html.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"{Block}\"><a href=\"{E(link.ToString())}\" style=\"display:inline-block;padding:10px 16px;background:{Accent};color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold\">{E(label)}</a></td></tr>");
        _text.Append(label).Append(": ").AppendLine(link.ToString()).AppendLine();
        return this;
    }

    /// <summary>Small print at the end; <paramref name="inText"/> false for what only the HTML needs (the address behind a button, which the text part already shows).</summary>
    public EmailLayout Note(string text, bool inText = true)
    {
        _html.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"padding:12px 16px;font-size:12px;line-height:1.4;color:#555555;overflow-wrap:anywhere\">{Lines(text)}</td></tr>");
        if (inText)
        {
            _text.AppendLine(text).AppendLine();
        }

        return this;
    }

    /// <summary>Blocks a message builds itself (rows of the 600 px table), with their text.</summary>
    public EmailLayout Raw(string htmlRows, string text)
    {
        _html.Append(htmlRows);
        _text.Append(text);
        return this;
    }

    /// <summary>The HTML part: a whole document, the content centred on a grey page.</summary>
    public string Html() =>
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>"
        + E(Heading) + "</title></head><body style=\"margin:0;padding:0;background:#f4f4f4\">" + Body() + "</body></html>";

    /// <summary>The content without the document around it (for a page that adds its own).</summary>
    public string Body() =>
        $"<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"{Font};background:#f4f4f4\"><tr><td align=\"center\" style=\"padding:16px 8px\">"
        + $"<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"max-width:600px;background:#ffffff;{Font}\">"
        + _html + "</table></td></tr></table>";

    public string Text() => _text.ToString().TrimEnd() + "\n";

    public EmailMessage Message(IReadOnlyList<string> to, string subject) => new(to, subject, Text(), Html());

    public static string E(string? value) => WebUtility.HtmlEncode(value ?? "");

    private static string Lines(string text) => E(text).Replace("\n", "<br>", StringComparison.Ordinal);
}
