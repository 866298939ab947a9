using System.Security.Cryptography;

namespace Moderation.Server.Storage;

/// <summary>Finds the hashing key: from configuration, else from its file, else a new one written to that file.</summary>
public static partial class HashingKey
{
    public static byte[] Resolve(HashingOptions options, ILogger logger)
    {
        if (options.Key.Length > 0)
        {
            return Decode(options.Key, "Hashing:Key");
        }
        var path = options.KeyFile;
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var fresh = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "." + Guid.NewGuid().ToString("N") + ".tmp");
            // Readable by its owner only from the moment it exists.
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using (var file = new StreamWriter(fresh, System.Text.Encoding.ASCII, create))
            {
                file.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyHasher.MinKeyBytes)) + "\n");
            }
            try
            {
                // Two processes starting at once: the first file wins, both read it.
                File.Move(fresh, path, overwrite: false);
                LogGenerated(logger, path);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(fresh);
            }
        }
        return Decode(File.ReadAllText(path).Trim(), path);
    }

    private static byte[] Decode(string base64, string source)
    {
        var bytes = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, bytes, out var length) || length < KeyHasher.MinKeyBytes)
        {
            throw new InvalidOperationException($"The hashing key in {source} must be base64 of at least {KeyHasher.MinKeyBytes} bytes (such as the output of `openssl rand -base64 32`).");
        }
        return bytes[..length];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generated the key that hashes emails and IPs in Redis key names, in {Path}. Every replica must use the same key and keep it: set Hashing__Key from a secret.")]
    private static partial void LogGenerated(ILogger logger, string path);
}
