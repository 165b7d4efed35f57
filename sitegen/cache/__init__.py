"""What a build keeps between runs in the project's .sitegen-cache/ folder, so that the next does less."""
