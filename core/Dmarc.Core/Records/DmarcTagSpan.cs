namespace Dmarc.Core.Records;

/// <summary>Where one tag sits in the record's text: its name starts at <see cref="NameStart"/>, its value spans [<see cref="ValueStart"/>, <see cref="ValueEnd"/>).</summary>
internal sealed record DmarcTagSpan(DmarcTag Tag, int NameStart, int ValueStart, int ValueEnd);
