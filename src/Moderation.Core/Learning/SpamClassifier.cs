using System.Buffers.Binary;

namespace Moderation.Core.Learning;

/// <summary>
/// A logistic regression over hashed features: the log-odds that a comment is spam. Immutable once trained,
/// so every request can score with it without locks.
/// </summary>
public sealed class SpamClassifier
{
    private const byte FormatVersion = 1;
    private readonly float[] _weights;

    public SpamClassifier(float[] weights, float bias, string version, int exampleCount)
    {
        if (weights.Length != FeatureHasher.Dimension)
        {
            throw new ArgumentException($"A model has {FeatureHasher.Dimension} weights.", nameof(weights));
        }
        _weights = weights;
        Bias = bias;
        Version = version;
        ExampleCount = exampleCount;
    }

    public float Bias { get; }
    public string Version { get; }
    public int ExampleCount { get; }
    internal ReadOnlySpan<float> Weights => _weights;

    public float Weight(int index) => _weights[index];

    /// <summary>The same weights under the version the store assigned.</summary>
    public SpamClassifier WithVersion(string version) => new(_weights, Bias, version, ExampleCount);

    /// <summary>The log-odds that the comment is spam.</summary>
    public double Logit(in Features features)
    {
        return Bias + features.Dot(_weights);
    }

    public double Probability(in Features features) => 1 / (1 + Math.Exp(-Logit(features)));

    /// <summary>Stores only the weights that are not zero, as (index, weight) pairs.</summary>
    public byte[] Serialize()
    {
        var nonZero = 0;
        foreach (var w in _weights)
        {
            nonZero += w != 0 ? 1 : 0;
        }
        var versionBytes = System.Text.Encoding.UTF8.GetBytes(Version);
        var bytes = new byte[1 + 4 + 4 + 4 + versionBytes.Length + 4 + (nonZero * 8)];
        var span = bytes.AsSpan();
        span[0] = FormatVersion;
        BinaryPrimitives.WriteSingleLittleEndian(span[1..], Bias);
        BinaryPrimitives.WriteInt32LittleEndian(span[5..], ExampleCount);
        BinaryPrimitives.WriteInt32LittleEndian(span[9..], versionBytes.Length);
        versionBytes.CopyTo(span[13..]);
        var at = 13 + versionBytes.Length;
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], nonZero);
        at += 4;
        for (var i = 0; i < _weights.Length; i++)
        {
            if (_weights[i] != 0)
            {
                BinaryPrimitives.WriteInt32LittleEndian(span[at..], i);
                BinaryPrimitives.WriteSingleLittleEndian(span[(at + 4)..], _weights[i]);
                at += 8;
            }
        }
        return bytes;
    }

    public static SpamClassifier Deserialize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 17 || bytes[0] != FormatVersion)
        {
            throw new FormatException("Not a classifier model of a known format.");
        }
        var bias = BinaryPrimitives.ReadSingleLittleEndian(bytes[1..]);
        var examples = BinaryPrimitives.ReadInt32LittleEndian(bytes[5..]);
        var versionLength = BinaryPrimitives.ReadInt32LittleEndian(bytes[9..]);
        var version = System.Text.Encoding.UTF8.GetString(bytes.Slice(13, versionLength));
        var at = 13 + versionLength;
        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);
        at += 4;
        var weights = new float[FeatureHasher.Dimension];
        for (var i = 0; i < count; i++, at += 8)
        {
            weights[BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]) & (FeatureHasher.Dimension - 1)] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(at + 4)..]);
        }
        return new SpamClassifier(weights, bias, version, examples);
    }
}
