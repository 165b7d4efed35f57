"""The load stage: the only reads of content and of sitegen's own files; nothing here checks them."""
