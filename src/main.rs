fn main() {
    user_admin::start();
}
