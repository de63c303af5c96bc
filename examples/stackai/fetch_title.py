"""Fetches the page named by the upstream node url-0 and returns its title."""
import requests
from bs4 import BeautifulSoup


def main(args):
    url = args["url-0"]
    page = requests.get(url, timeout=10)
    soup = BeautifulSoup(page.text, "html.parser")
    title = soup.title.string if soup.title else ""
    return {"url": url, "status": page.status_code, "title": title}
