using System.Text;
using Dmarc.Core.Records;

namespace Dmarc.Core.Tests.Records;

public class TxtChunksTests
{
    [Fact]
    public void Short_text_is_one_string()
    {
        Assert.Equal(["v=DMARC1; p=none"], TxtChunks.Split("v=DMARC1; p=none"));
    }

    [Fact]
    public void Long_text_is_split_into_255_byte_strings_that_join_back()
    {
        var rua = string.Join(",", Enumerable.Range(0, 12).Select(i => $"mailto:dmarc-reports-{i}@receiver-{i}.example.com!10m"));
        var text = "v=DMARC1; p=reject; rua=" + rua;

        var chunks = TxtChunks.Split(text);

        Assert.True(chunks.Count >= 3);
        Assert.All(chunks.SkipLast(1), c => Assert.Equal(255, Encoding.UTF8.GetByteCount(c)));
        Assert.Equal(text, TxtChunks.Join(chunks));
    }

    [Fact]
    public void Multi_byte_characters_are_never_cut()
    {
        var text = new string('a', 254) + "é" + new string('b', 10);

        var chunks = TxtChunks.Split(text);

        Assert.Equal([new string('a', 254), "é" + new string('b', 10)], chunks);
    }
}
