namespace Moderation.DemoSite.Articles;

/// <summary>One story of the demo site; its slug is the post id the service sees.</summary>
public sealed record Article(string Slug, string Section, string Title, string Standfirst, string Byline, DateOnly Published, IReadOnlyList<string> Paragraphs);
