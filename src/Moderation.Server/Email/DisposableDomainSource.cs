using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Moderation.Core.Email;

namespace Moderation.Server.Email;

/// <summary>
/// The disposable domain list in force: the shipped one, plus the operator's file, minus the allowlist.
/// Rebuilt when the file or the options change; the rules read it without locks.
/// </summary>
public sealed partial class DisposableDomainSource : IDisposable
{
    private readonly IOptionsMonitor<EmailOptions> _options;
    private readonly ILogger<DisposableDomainSource> _logger;
    private readonly IDisposable? _optionsSubscription;
    private PhysicalFileProvider? _files;
    private IDisposable? _fileSubscription;
    private volatile DisposableDomains _current = DisposableDomains.Shipped;

    public DisposableDomainSource(IOptionsMonitor<EmailOptions> options, ILogger<DisposableDomainSource> logger)
    {
        _options = options;
        _logger = logger;
        Load(options.CurrentValue);
        _optionsSubscription = options.OnChange(Load);
    }

    public DisposableDomains Current => _current;

    /// <summary>Names the lists in force, by their content: the same lists give the same stamp in any process.</summary>
    public string Stamp { get; private set; } = "";

    private static string ListStamp(IEnumerable<string> blocked, IEnumerable<string> allowed)
    {
        var text = string.Join('\n', blocked.Order(StringComparer.Ordinal)) + "\n\n" + string.Join('\n', allowed.Order(StringComparer.Ordinal));
        return System.IO.Hashing.XxHash64.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(text)).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }

    private void Load(EmailOptions options)
    {
        var extra = new List<string>();
        var path = options.DisposableDomainsFile;
        if (path.Length > 0)
        {
            var full = Path.GetFullPath(path);
            try
            {
                extra.AddRange(DisposableDomains.ParseList(File.ReadAllText(full)));
            }
            catch (IOException ex)
            {
                LogListUnreadable(_logger, full, ex.GetType().Name);
            }
            Watch(full);
        }
        _current = new DisposableDomains(DisposableDomains.Shipped.Domains.Concat(extra), options.AllowedDomains);
        Stamp = ListStamp(_current.Domains, options.AllowedDomains);
        LogListLoaded(_logger, _current.Count, options.AllowedDomains.Count);
    }

    private void Watch(string fullPath)
    {
        _fileSubscription?.Dispose();
        _files?.Dispose();
        var directory = Path.GetDirectoryName(fullPath);
        if (directory is null || !Directory.Exists(directory))
        {
            return;
        }
        _files = new PhysicalFileProvider(directory);
        _fileSubscription = ChangeToken.OnChange(() => _files.Watch(Path.GetFileName(fullPath)), () => Load(_options.CurrentValue));
    }

    public void Dispose()
    {
        _optionsSubscription?.Dispose();
        _fileSubscription?.Dispose();
        _files?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Disposable email domains: {Count} listed, {Allowed} allowed")]
    private static partial void LogListLoaded(ILogger logger, int count, int allowed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The disposable domain file {Path} could not be read ({Error}); using the shipped list")]
    private static partial void LogListUnreadable(ILogger logger, string path, string error);
}
