/** The upload page of examples/files: a plain HTML form, plus a few lines that show the live feed. */
export const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Photos</title></head>
<body>
  <h1>Photos</h1>
  <form action="/photos" method="post" enctype="multipart/form-data">
    <label>Caption <input name="caption" required maxlength="200"></label>
    <input type="file" name="photo" accept="image/png,image/jpeg,image/gif,image/webp" required>
    <button>Upload</button>
  </form>
  <p><a href="/photos.jsonl">Export as JSON Lines</a> · <a href="/docs">API docs</a></p>
  <h2>Live feed</h2>
  <ul id="feed"></ul>
  <script>
    const feed = new EventSource("/feed");
    feed.addEventListener("photo", (event) => {
      const photo = JSON.parse(event.data);
      const item = document.createElement("li");
      item.innerHTML = '<a href="/photos/' + photo.id + '/raw"></a>';
      item.firstChild.textContent = photo.caption + " (" + photo.size + " bytes)";
      document.getElementById("feed").append(item);
    });
  </script>
</body>
</html>
`;
