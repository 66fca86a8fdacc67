using System.Numerics;

namespace Dmarc.Adapters.IpData;

/// <summary>
/// Inclusive, non-overlapping numeric ranges sorted by start, each with an int value, in three
/// parallel arrays; a lookup is one binary search. <typeparamref name="T"/> is <see cref="uint"/>
/// for IPv4 and <see cref="UInt128"/> for IPv6.
/// </summary>
public sealed class RangeTable<T>
    where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
{
    private readonly T[] _starts;
    private readonly T[] _ends;
    private readonly int[] _values;

    internal RangeTable(T[] starts, T[] ends, int[] values)
    {
        _starts = starts;
        _ends = ends;
        _values = values;
    }

    public int Count => _starts.Length;

    /// <summary>Bytes held by the arrays.</summary>
    public long SizeInBytes => (long)Count * ((2 * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()) + sizeof(int));

    /// <summary>The value of the range holding <paramref name="number"/>, or -1 when no range does.</summary>
    public int Find(T number)
    {
        var i = Array.BinarySearch(_starts, number);
        if (i < 0)
        {
            i = ~i - 1;
        }

        return i >= 0 && number <= _ends[i] ? _values[i] : -1;
    }

    /// <summary>The ranges in order, as (start, end, value).</summary>
    public IEnumerable<(T Start, T End, int Value)> Ranges()
    {
        for (var i = 0; i < _starts.Length; i++)
        {
            yield return (_starts[i], _ends[i], _values[i]);
        }
    }
}

/// <summary>
/// Builds a <see cref="RangeTable{T}"/> from rows in ascending order of start. Where rows overlap,
/// the row listed later wins over the part it covers (a more specific range inside a wider one);
/// the wider row's addresses on either side keep its value. Adjacent ranges with the same value
/// are merged.
/// </summary>
public sealed class RangeTableBuilder<T>
    where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
{
    private readonly List<T> _starts = [];
    private readonly List<T> _ends = [];
    private readonly List<int> _values = [];
    private readonly Stack<(T End, int Value)> _open = new();
    private T _cursor;
    private T _lastStart;
    private bool _any;

    /// <summary>Rows that overlapped an earlier one.</summary>
    public int Overlaps { get; private set; }

    /// <summary>Adds one inclusive range; throws <see cref="ArgumentException"/> with the reason when it is out of order or inverted.</summary>
    public void Add(T start, T end, int value)
    {
        if (end < start)
        {
            throw new ArgumentException($"the range ends ({end}) before it starts ({start})");
        }

        if (_any && start < _lastStart)
        {
            throw new ArgumentException($"the range starts at {start}, before the previous row's start {_lastStart}: rows must be in ascending order of start");
        }

        EmitUpTo(start, final: false);
        if (_open.Count > 0)
        {
            // Only rows that reach this start are still open.
            Overlaps++;
        }

        _cursor = start;
        _lastStart = start;
        _any = true;
        _open.Push((end, value));
    }

    public RangeTable<T> Build()
    {
        EmitUpTo(T.MaxValue, final: true);
        return new RangeTable<T>([.. _starts], [.. _ends], [.. _values]);
    }

    // Emits the open rows' addresses from the cursor to limit - 1 (or to their ends when final),
    // the most recently opened row first.
    private void EmitUpTo(T limit, bool final)
    {
        while (_open.Count > 0)
        {
            var (end, value) = _open.Peek();
            if (end < _cursor)
            {
                _open.Pop();
                continue;
            }

            if (!final && _cursor >= limit)
            {
                return;
            }

            var segmentEnd = final ? end : T.Min(end, limit - T.One);
            Emit(_cursor, segmentEnd, value);
            if (segmentEnd == T.MaxValue)
            {
                _open.Clear();
                return;
            }

            _cursor = segmentEnd + T.One;
        }
    }

    private void Emit(T start, T end, int value)
    {
        var last = _starts.Count - 1;
        if (last >= 0 && _values[last] == value && _ends[last] + T.One == start)
        {
            _ends[last] = end;
            return;
        }

        _starts.Add(start);
        _ends.Add(end);
        _values.Add(value);
    }
}
