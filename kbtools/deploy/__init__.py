"""Putting the published editions on a web server (``python -m kb install``).

- ``install``: copy the current release into a server's folder and swap it in
  atomically (``kbtools.deploy.install.install``); the nginx configuration
  that serves it is ``deploy/nginx/kb.conf``.
"""
