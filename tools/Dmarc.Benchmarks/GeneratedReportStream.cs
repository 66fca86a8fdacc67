using System.Globalization;
using System.Text;

namespace Dmarc.Benchmarks;

/// <summary>
/// A valid aggregate report of about <c>targetBytes</c> of XML, written as it is read: records
/// over distinct source IPs with a mix of results, so a 500 MB report costs no memory to produce.
/// </summary>
internal sealed class GeneratedReportStream(long targetBytes) : Stream
{
    private readonly Random _random = new(42);
    private byte[] _chunk = Encoding.UTF8.GetBytes("""
        <?xml version="1.0" encoding="UTF-8"?>
        <feedback>
          <version>1.0</version>
          <report_metadata><org_name>generator.example</org_name><email>dmarc@generator.example</email><report_id>generated-stream</report_id>
            <date_range><begin>1700000000</begin><end>1700086399</end></date_range></report_metadata>
          <policy_published><domain>example.com</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp><pct>100</pct></policy_published>

        """);

    private int _offset;
    private long _written;
    private bool _ended;

    public long Records { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _written; set => throw new NotSupportedException(); }

    public static byte[] Bytes(long targetBytes)
    {
        using var memory = new MemoryStream((int)Math.Min(int.MaxValue, targetBytes + 4096));
        new GeneratedReportStream(targetBytes).CopyTo(memory);
        return memory.ToArray();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_offset == _chunk.Length && !Next())
        {
            return 0;
        }

        var n = Math.Min(buffer.Length, _chunk.Length - _offset);
        _chunk.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        _written += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private bool Next()
    {
        if (_ended)
        {
            return false;
        }

        _offset = 0;
        if (_written >= targetBytes)
        {
            _ended = true;
            _chunk = "</feedback>\n"u8.ToArray();
            return true;
        }

        var ip = Records;
        var dkim = _random.Next(4) == 0 ? "fail" : "pass";
        var spf = _random.Next(3) == 0 ? "fail" : "pass";
        var disposition = dkim == "fail" && spf == "fail" ? "quarantine" : "none";
        var from = $"d{ip % 7}.example.com";
        _chunk = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"""
              <record><row><source_ip>10.{ip / 65536 % 256}.{ip / 256 % 256}.{ip % 256}</source_ip><count>{1 + _random.Next(20)}</count>
                <policy_evaluated><disposition>{disposition}</disposition><dkim>{dkim}</dkim><spf>{spf}</spf></policy_evaluated></row>
                <identifiers><header_from>{from}</header_from><envelope_from>{from}</envelope_from></identifiers>
                <auth_results><dkim><domain>{from}</domain><selector>s{ip % 3}</selector><result>{dkim}</result></dkim><spf><domain>{from}</domain><scope>mfrom</scope><result>{spf}</result></spf></auth_results></record>

            """));
        Records++;
        return true;
    }
}
