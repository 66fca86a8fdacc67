using System.Xml;

namespace Dmarc.Core.Reports;

/// <summary>
/// One small element of a report (its metadata, its policy, one record) read from the stream
/// with its children, by local name: namespaces are ignored, as receivers use several. Only
/// the element in hand is held; the rest of the document is never kept.
/// </summary>
internal sealed class ReportElement(string name)
{
    private List<ReportElement>? _children;
    private string? _text;

    public string Name { get; } = name;

    public IReadOnlyList<ReportElement> Children => _children is null ? [] : _children;

    /// <summary>The text inside, the element's own first, then its children's.</summary>
    public string Value => _children is null ? _text ?? "" : (_text ?? "") + string.Concat(_children.Select(c => c.Value));

    public ReportElement? Child(string name) => _children?.Find(c => c.Name == name);

    public IEnumerable<ReportElement> ChildrenNamed(string name) => Children.Where(c => c.Name == name);

    /// <summary>
    /// Reads the element the reader is on, with everything inside it, and leaves the reader on its
    /// end tag. Refuses nesting past <paramref name="maxDepth"/> (counted from the document root).
    /// </summary>
    public static ReportElement Read(XmlReader reader, int maxDepth)
    {
        var root = new ReportElement(reader.LocalName);
        if (reader.IsEmptyElement)
        {
            return root;
        }

        var open = new Stack<ReportElement>();
        open.Push(root);
        while (reader.Read())
        {
            XmlReportParser.CheckDepth(reader, maxDepth);
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    var child = new ReportElement(reader.LocalName);
                    (open.Peek()._children ??= []).Add(child);
                    if (!reader.IsEmptyElement)
                    {
                        open.Push(child);
                    }

                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace:
                    var element = open.Peek();
                    element._text = element._text is null ? reader.Value : element._text + reader.Value;
                    break;
                case XmlNodeType.EndElement:
                    open.Pop();
                    if (open.Count == 0)
                    {
                        return root;
                    }

                    break;
            }
        }

        return root;
    }

    /// <summary>Reads past the element the reader is on without keeping it, still checking the depth.</summary>
    public static void Skip(XmlReader reader, int maxDepth)
    {
        if (reader.IsEmptyElement)
        {
            return;
        }

        var depth = reader.Depth;
        while (reader.Read())
        {
            XmlReportParser.CheckDepth(reader, maxDepth);
            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth)
            {
                return;
            }
        }
    }
}
